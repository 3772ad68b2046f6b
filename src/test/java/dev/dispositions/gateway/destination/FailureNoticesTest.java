package dev.dispositions.gateway.destination;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.standardwebhooks.Webhook;
import dev.dispositions.gateway.GatewayIntegrationTest;
import dev.dispositions.gateway.TestCall;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A destination taking the delivery-failures kind is told when a delivery of its tenant fails for good: one signed
 * notice per dead letter, naming the connector, the dead letter and why; and nothing about deliveries that land.
 */
class FailureNoticesTest extends GatewayIntegrationTest {
    private static final WireMockServer RECEIVER = new WireMockServer(options().dynamicPort());
    private static final Map<String, String> OPERATOR = Map.of("X-Api-Key", ADMIN_KEY);
    private static final String TENANT = "initech"; // its calls go to Salesforce

    static {
        RECEIVER.start();
    }

    private StubMapping refusal;

    @AfterAll
    static void stopReceiver() {
        RECEIVER.stop();
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (refusal != null) {
            SALESFORCE.removeStub(refusal);
        }
        for (JsonNode d : getRaw("/api/tenants/" + TENANT + "/destinations", OPERATOR).body().path("destinations")) {
            String path = "/api/tenants/" + TENANT + "/destinations/" + d.path("id").asText();
            if (asOperator("DELETE", path, "").status() != 200) {
                asOperator("PUT", path, "{\"url\": \"" + d.path("url").asText() + "\", \"enabled\": false}");
            }
        }
        RECEIVER.resetAll();
    }

    private String send(String callId, String outcome) {
        Reply r = postGeneric("/webhooks/" + TENANT + "/generic", ACME_SECRET, "msg_" + callId, TestCall.of(callId, outcome).json());
        assertThat(r.status()).as(r.raw()).isEqualTo(202);
        return r.body().path("eventId").asText();
    }

    private List<LoggedRequest> received(String callId) {
        return RECEIVER.findAll(postRequestedFor(urlPathEqualTo("/alerts"))).stream().filter(r -> r.getBodyAsString().contains(callId)).toList();
    }

    @Test
    void aDeadLetterIsNoticedOnceSignedWithWhatFailedAndWhyAndADeliveryThatLandsIsNot() throws Exception {
        RECEIVER.stubFor(post(urlPathEqualTo("/alerts")).willReturn(aResponse().withStatus(204)));
        Reply made = asOperator("PUT", "/api/tenants/" + TENANT + "/destinations/alerts", "{\"url\": \"" + RECEIVER.baseUrl() + "/alerts\", "
                + "\"filter\": {\"kinds\": [\"delivery-failures\"]}}");
        assertThat(made.status()).as(made.raw()).isEqualTo(200);
        String secret = made.body().path("secret").asText();

        String landed = newCallId(); // first, and on its own: Salesforce takes a batch of calls in one request
        String landedEvent = send(landed, "LEFT_VOICEMAIL");
        await().atMost(Duration.ofSeconds(20)).until(() -> "DELIVERED".equals(delivery(landedEvent, "salesforce").path("status").asText()));

        String refused = newCallId();
        refusal = SALESFORCE.stubFor(patch(urlPathMatching(TASK_UPSERTS)).atPriority(1).withRequestBody(containing(refused))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody("[{\"message\":\"bad value for restricted picklist field: Meeting Booked\","
                                + "\"errorCode\":\"INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST\",\"fields\":[\"CallDisposition\"]}]")));
        String failedEvent = send(refused, "MEETING_BOOKED");
        await().atMost(Duration.ofSeconds(30)).until(() -> !received(refused).isEmpty());
        afterDispatchCycles(3);
        LoggedRequest notice = received(refused).get(0);
        Map<String, List<String>> headers = notice.getHeaders().all().stream()
                .collect(Collectors.toMap(h -> h.key().toLowerCase(), h -> h.values(), (a, b) -> a));
        new Webhook(secret).verify(notice.getBodyAsString(), headers); // throws if it does not verify
        JsonNode body = json.readTree(notice.getBodyAsString());
        var schema = com.networknt.schema.JsonSchemaFactory.getInstance(com.networknt.schema.SpecVersion.VersionFlag.V202012)
                .getSchema(java.nio.file.Files.readString(java.nio.file.Path.of("docs/destinations/event.schema.json")));
        assertThat(schema.validate(body)).as("the documented schema").isEmpty();
        assertThat(body.path("type").asText()).isEqualTo("delivery.failed");
        assertThat(body.path("eventId").asText()).isEqualTo(failedEvent);
        JsonNode failure = body.path("failure");
        JsonNode deadLetter = delivery(failedEvent, "salesforce");
        assertThat(deadLetter.path("status").asText()).isEqualTo("FAILED");
        assertThat(failure.path("connector").asText()).isEqualTo("salesforce");
        assertThat(failure.path("action").asText()).isEqualTo("activity");
        assertThat(failure.path("deliveryId").asLong()).isEqualTo(deadLetter.path("id").asLong());
        assertThat(failure.path("reason").asText()).contains("picklist");

        assertThat(received(refused)).as("one notice per dead letter").hasSize(1);
        assertThat(received(landed)).as("nothing about a delivery that landed, and no call events: the filter takes notices only").isEmpty();
        assertThat(delivery(failedEvent, "webhook:alerts", "failed:" + deadLetter.path("id").asLong()).path("status").asText())
                .as("the notice is a delivery of the event like any other").isEqualTo("DELIVERED");
    }
}
