package dev.dispositions.gateway;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;

/**
 * The demo sandbox: {@code mvn spring-boot:test-run}. Starts local stand-ins for Salesforce, HubSpot and Bullhorn
 * (the WireMock stubs the tests use, from src/test/resources/wiremock/&lt;crm&gt;) and the gateway on the
 * {@code demo} profile, pointed at them. Nothing leaves this machine.
 */
public final class DemoGateway {
    private static final Logger log = LoggerFactory.getLogger(DemoGateway.class);

    private DemoGateway() {
    }

    private static WireMockServer standIn(String crm) {
        WireMockServer server = new WireMockServer(options().dynamicPort().usingFilesUnderClasspath("wiremock/" + crm));
        server.start();
        log.warn("DEMO SANDBOX: {} is a local stand-in at {} (WireMock). No real CRM is contacted.", crm, server.baseUrl());
        return server;
    }

    /** The demo profile and where its tenants' CRMs are: the stand-ins' addresses, only known once they run. */
    public static String[] crmUrls(String salesforce, String hubspot, String bullhorn) {
        return new String[] {
            "--spring.profiles.active=demo",
            "--gateway.tenants.default.crms.salesforce.login-url=" + salesforce,
            "--gateway.tenants.globex.crms.salesforce.login-url=" + salesforce,
            "--gateway.tenants.globex.crms.hubspot.base-url=" + hubspot,
            "--gateway.tenants.globex.crms.bullhorn.oauth-url=" + bullhorn + "/oauth",
            "--gateway.tenants.globex.crms.bullhorn.rest-login-url=" + bullhorn + "/rest-services"};
    }

    public static void main(String[] args) {
        WireMockServer salesforce = standIn("salesforce");
        WireMockServer hubspot = standIn("hubspot");
        WireMockServer bullhorn = standIn("bullhorn");
        String[] demo = crmUrls(salesforce.baseUrl(), hubspot.baseUrl(), bullhorn.baseUrl());
        String[] all = new String[demo.length + args.length];
        System.arraycopy(demo, 0, all, 0, demo.length);
        System.arraycopy(args, 0, all, demo.length, args.length);
        SpringApplication.from(GatewayApplication::main).run(all);
        log.warn("DEMO SANDBOX ready on http://localhost:8080 - send the README's sample call; admin API key: demo-admin-key; "
                + "health and metrics on http://localhost:8081/actuator");
    }
}
