package dev.dispositions.gateway;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;

/**
 * The demo sandbox: {@code mvn spring-boot:test-run}. Starts a local stand-in for Salesforce (the WireMock stubs
 * the tests use, from src/test/resources/wiremock/salesforce) and the gateway on the {@code demo} profile,
 * pointed at it. Nothing leaves this machine.
 */
public final class DemoGateway {
    private static final Logger log = LoggerFactory.getLogger(DemoGateway.class);

    private DemoGateway() {
    }

    public static void main(String[] args) {
        WireMockServer salesforce = new WireMockServer(options().dynamicPort().usingFilesUnderClasspath("wiremock/salesforce"));
        salesforce.start();
        log.warn("DEMO SANDBOX: Salesforce is a local stand-in at {} (WireMock). No real CRM is contacted.", salesforce.baseUrl());
        String[] all = new String[args.length + 2];
        all[0] = "--spring.profiles.active=demo";
        all[1] = "--gateway.tenants.default.crms.salesforce.login-url=" + salesforce.baseUrl();
        System.arraycopy(args, 0, all, 2, args.length);
        SpringApplication.from(GatewayApplication::main).run(all);
        log.warn("DEMO SANDBOX ready on http://localhost:8080 - send the README's sample call; admin API key: demo-admin-key");
    }
}
