package dev.dispositions.gateway.guarantees;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.dispositions.gateway.DemoGateway;
import java.util.List;

/**
 * The three CRMs, stood in for by WireMock with the same stubs as every other test (faithful to the contracts),
 * for one fault scenario. Enough threads that a gateway under load never waits for the stand-in.
 */
final class CrmStandIns implements AutoCloseable {
    final WireMockServer salesforce = server("salesforce");
    final WireMockServer hubspot = server("hubspot");
    /** Remembers the Notes it created, so looking one up before creating finds it (BullhornNoteMemory). */
    final WireMockServer bullhorn = server("bullhorn", new BullhornNoteMemory());

    private static WireMockServer server(String crm, com.github.tomakehurst.wiremock.extension.Extension... extensions) {
        WireMockServer server = new WireMockServer(options().dynamicPort().containerThreads(40).jettyAcceptors(2)
                .usingFilesUnderClasspath("wiremock/" + crm).extensions(extensions));
        server.start();
        return server;
    }

    List<WireMockServer> all() {
        return List.of(salesforce, hubspot, bullhorn);
    }

    /** The arguments that point the demo profile's tenants at these stand-ins. */
    String[] gatewayArgs() {
        return DemoGateway.crmUrls(salesforce.baseUrl(), hubspot.baseUrl(), bullhorn.baseUrl());
    }

    @Override
    public void close() {
        all().forEach(WireMockServer::stop);
    }
}
