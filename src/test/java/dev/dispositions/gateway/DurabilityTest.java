package dev.dispositions.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Nothing acknowledged is lost: the gateway is stopped after the 202 and before delivery, started again on the
 * same database, and the Task arrives exactly once.
 */
class DurabilityTest {
    private final WireMockServer salesforce = new WireMockServer(options().dynamicPort().usingFilesUnderClasspath("wiremock/salesforce"));
    private final String database = "jdbc:h2:file:./target/test-db/durability-" + UUID.randomUUID()
            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0";
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void startSalesforce() {
        salesforce.start();
    }

    @AfterEach
    void stopSalesforce() {
        salesforce.stop();
    }

    private ConfigurableApplicationContext gateway(boolean dispatching, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of(DemoGateway.crmUrls(salesforce.baseUrl(), "http://localhost:1", "http://localhost:1")));
        args.addAll(List.of("--server.port=0", "--management.server.port=0", "--spring.datasource.url=" + database, "--gateway.dispatch.enabled=" + dispatching,
                "--gateway.dispatch.poll-interval=100ms"));
        args.addAll(List.of(more));
        return new SpringApplicationBuilder(GatewayApplication.class).run(args.toArray(String[]::new));
    }

    private static int port(ConfigurableApplicationContext ctx) {
        return Integer.parseInt(ctx.getEnvironment().getProperty("local.server.port"));
    }

    private String acceptCall(ConfigurableApplicationContext ctx, String callSid) throws Exception {
        String body = "CallSid=" + callSid + "&CallStatus=completed&AnsweredBy=human&CallDuration=61&SequenceNumber=4";
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port(ctx) + "/webhooks/twilio"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Twilio-Signature", GatewayIntegrationTest.twilioSignature(GatewayIntegrationTest.DEMO_TWILIO_TOKEN,
                        "http://localhost:8080/webhooks/twilio", body))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return json.readTree(r.body()).get("eventId").asText();
    }

    private JsonNode event(ConfigurableApplicationContext ctx, String eventId) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port(ctx) + "/api/events/" + eventId))
                .header("X-Api-Key", GatewayIntegrationTest.ADMIN_KEY).build(), HttpResponse.BodyHandlers.ofString());
        return json.readTree(r.body());
    }

    private int tasksFor(String callSid) {
        return dev.dispositions.gateway.SentRecord.in(salesforce.findAll(patchRequestedFor(urlPathEqualTo(GatewayIntegrationTest.TASK_UPSERTS))
                .withRequestBody(containing(callSid))), callSid).size();
    }

    @Test
    void anEventAcceptedBeforeAStopIsDeliveredExactlyOnceAfterTheRestart() throws Exception {
        String callSid = "CAdurable" + UUID.randomUUID().toString().replace("-", "");
        String eventId;
        try (ConfigurableApplicationContext first = gateway(false)) {
            eventId = acceptCall(first, callSid);
            assertThat(event(first, eventId).get("status").asText()).isEqualTo("received");
        }
        assertThat(tasksFor(callSid)).isZero();

        try (ConfigurableApplicationContext second = gateway(true)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> "delivered".equals(event(second, eventId).get("status").asText()));
            // Two more dispatch cycles: a second write of the recovered row would have been sent by then.
            GatewayIntegrationTest.afterDispatchCycles(second.getBean(org.apache.camel.CamelContext.class), 2);
            assertThat(tasksFor(callSid)).isEqualTo(1);
        }
    }

    @Test
    void aDeliveryClaimedByAGatewayThatDiedIsTakenOverWhenItsLeaseLapses() throws Exception {
        String callSid = "CAorphan" + UUID.randomUUID().toString().replace("-", "");
        String eventId;
        try (ConfigurableApplicationContext first = gateway(false)) {
            eventId = acceptCall(first, callSid);
            // As if a dispatcher had claimed the row and died mid-delivery, its lease now over:
            first.getBean(JdbcTemplate.class).update("update outbox set status = 'IN_FLIGHT', "
                    + "lease_until = current_timestamp - interval '1' minute where event_id = ?", eventId);
        }
        try (ConfigurableApplicationContext second = gateway(true)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> "delivered".equals(event(second, eventId).get("status").asText()));
            assertThat(tasksFor(callSid)).isEqualTo(1);
        }
    }

    @Test
    void anInstanceRestartedUnderItsNameTakesBackAtOnceWhatItHadInFlight() throws Exception {
        String callSid = "CAretaken" + UUID.randomUUID().toString().replace("-", "");
        String eventId;
        try (ConfigurableApplicationContext first = gateway(false, "--gateway.dispatch.instance=gateway-0")) {
            eventId = acceptCall(first, callSid);
            // As if gateway-0 had claimed the row and been killed mid-delivery: its lease has ten minutes to run.
            first.getBean(JdbcTemplate.class).update("update outbox set status = 'IN_FLIGHT', claimed_by = 'gateway-0', "
                    + "lease_until = current_timestamp + interval '10' minute where event_id = ?", eventId);
        }
        try (ConfigurableApplicationContext other = gateway(true, "--gateway.dispatch.instance=gateway-1")) {
            GatewayIntegrationTest.afterDispatchCycles(other.getBean(org.apache.camel.CamelContext.class), 3);
            assertThat(event(other, eventId).get("status").asText()).as("another instance waits for the lease").isEqualTo("received");
        }
        try (ConfigurableApplicationContext restarted = gateway(true, "--gateway.dispatch.instance=gateway-0")) {
            await().atMost(Duration.ofSeconds(20)).until(() -> "delivered".equals(event(restarted, eventId).get("status").asText()));
            assertThat(tasksFor(callSid)).isEqualTo(1);
        }
    }
}
