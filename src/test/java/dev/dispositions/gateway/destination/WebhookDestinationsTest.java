package dev.dispositions.gateway.destination;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
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
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A tenant's webhook destination: a call's outcome is POSTed, signed so that an independent Standard Webhooks library
 * verifies it; the filter decides which calls go; a 429 with Retry-After and a receiver that is down for a while are
 * waited out, every attempt of one delivery carrying one webhook-id; addresses of the gateway's own network are refused.
 */
class WebhookDestinationsTest extends GatewayIntegrationTest {
    private static final WireMockServer RECEIVER = new WireMockServer(options().dynamicPort());
    private static final Map<String, String> OPERATOR = Map.of("X-Api-Key", ADMIN_KEY);
    private static final String TENANT = "acme"; // its calls go to no CRM: what reaches the receiver is the destinations'

    static {
        RECEIVER.start();
    }

    @AfterAll
    static void stopReceiver() {
        RECEIVER.stop();
    }

    @AfterEach
    void noDestinationsLeft() throws Exception {
        for (JsonNode d : getRaw("/api/tenants/" + TENANT + "/destinations", OPERATOR).body().path("destinations")) {
            String path = "/api/tenants/" + TENANT + "/destinations/" + d.path("id").asText();
            if (asOperator("DELETE", path, "").status() != 200) { // something still pending: switched off, it takes no more calls
                asOperator("PUT", path, "{\"url\": \"" + d.path("url").asText() + "\", \"enabled\": false}");
            }
        }
        RECEIVER.resetAll();
    }

    private String destination(String id, String path, String filter) throws Exception {
        Reply made = asOperator("PUT", "/api/tenants/" + TENANT + "/destinations/" + id, "{\"url\": \"" + RECEIVER.baseUrl() + path + "\""
                + (filter == null ? "" : ", \"filter\": " + filter) + "}");
        assertThat(made.status()).as(made.raw()).isEqualTo(200);
        assertThat(made.body().path("secret").asText()).startsWith("whsec_");
        return made.body().path("secret").asText();
    }

    private String send(String outcome) {
        String callId = newCallId();
        Reply r = postGeneric("/webhooks/" + TENANT + "/generic", ACME_SECRET, "msg_" + callId, TestCall.of(callId, outcome).json());
        assertThat(r.status()).as(r.raw()).isEqualTo(202);
        return callId;
    }

    private static List<LoggedRequest> received(String path, String callId) {
        return RECEIVER.findAll(postRequestedFor(urlPathEqualTo(path))).stream().filter(r -> r.getBodyAsString().contains(callId)).toList();
    }

    @Test
    void aCallsOutcomeReachesTheEndpointSignedSoAReceiverVerifiesIt() throws Exception {
        RECEIVER.stubFor(post(urlPathEqualTo("/hooks")).willReturn(aResponse().withStatus(204)));
        String secret = destination("team-tool", "/hooks", null);
        String callId = send("MEETING_BOOKED");
        await().atMost(Duration.ofSeconds(15)).until(() -> !received("/hooks", callId).isEmpty());
        LoggedRequest got = received("/hooks", callId).get(0);
        Map<String, List<String>> headers = got.getHeaders().all().stream()
                .collect(Collectors.toMap(h -> h.key().toLowerCase(), h -> h.values(), (a, b) -> a));
        new Webhook(secret).verify(got.getBodyAsString(), headers); // throws if it does not verify
        JsonNode body = json.readTree(got.getBodyAsString());
        var schema = com.networknt.schema.JsonSchemaFactory.getInstance(com.networknt.schema.SpecVersion.VersionFlag.V202012)
                .getSchema(java.nio.file.Files.readString(java.nio.file.Path.of("docs/destinations/event.schema.json")));
        assertThat(schema.validate(body)).as("the documented schema").isEmpty();
        assertThat(body.path("version").asInt()).isEqualTo(1);
        assertThat(body.path("type").asText()).isEqualTo("call.disposition");
        assertThat(body.path("id").asText()).isEqualTo(got.getHeader("webhook-id"));
        assertThat(body.path("label").asText()).isEqualTo("Meeting Booked");
        assertThat(body.path("disposition").path("outcome").asText()).isEqualTo("MEETING_BOOKED");
        assertThat(body.path("disposition").path("callId").asText()).isEqualTo(callId);
        await().atMost(Duration.ofSeconds(10)).until(() -> "delivered".equals(event(body.path("eventId").asText()).path("status").asText()));
        assertThat(delivery(body.path("eventId").asText(), "webhook:team-tool").path("status").asText()).isEqualTo("DELIVERED");
        assertThat(camel.getEndpoints()).as("sent through the component whose connections check the address again")
                .anyMatch(e -> e.getEndpointUri().startsWith("webhookhttp:") && e.getComponent().getClass().getSimpleName()
                        .equals("WebhookHttpComponent"));
    }

    @org.springframework.beans.factory.annotation.Autowired
    private org.apache.camel.CamelContext camel;

    @Test
    void theFilterDecidesWhichCallsGoAndAnOptOutGoesAsItsOwnEvent() throws Exception {
        RECEIVER.stubFor(post(urlPathEqualTo("/meetings")).willReturn(aResponse().withStatus(200)));
        RECEIVER.stubFor(post(urlPathEqualTo("/compliance")).willReturn(aResponse().withStatus(200)));
        destination("meetings", "/meetings", "{\"outcomes\": [\"MEETING_BOOKED\"]}");
        destination("compliance", "/compliance", "{\"kinds\": [\"do-not-contact\"]}");
        String meeting = send("MEETING_BOOKED");
        String voicemail = send("LEFT_VOICEMAIL");
        String optOut = send("DO_NOT_CONTACT");
        await().atMost(Duration.ofSeconds(15)).until(() -> !received("/meetings", meeting).isEmpty() && !received("/compliance", optOut).isEmpty());
        afterDispatchCycles(3);
        assertThat(received("/meetings", voicemail)).as("filtered out").isEmpty();
        assertThat(received("/meetings", optOut)).as("an opt-out goes as its own event, whatever the outcome filter says")
                .extracting(r -> json.readTree(r.getBodyAsString()).path("type").asText()).containsExactly("call.do-not-contact");
        assertThat(received("/compliance", meeting)).isEmpty();
        assertThat(json.readTree(received("/compliance", optOut).get(0).getBodyAsString()).path("type").asText()).isEqualTo("call.do-not-contact");
    }

    @Test
    void aThrottlingOrFailingReceiverIsWaitedOutAndEveryAttemptCarriesOneId() throws Exception {
        RECEIVER.stubFor(post(urlPathEqualTo("/slow")).inScenario("busy").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")).willSetStateTo("down"));
        RECEIVER.stubFor(post(urlPathEqualTo("/slow")).inScenario("busy").whenScenarioStateIs("down")
                .willReturn(aResponse().withStatus(503)).willSetStateTo("up"));
        RECEIVER.stubFor(post(urlPathEqualTo("/slow")).inScenario("busy").whenScenarioStateIs("up").willReturn(aResponse().withStatus(200)));
        destination("slow", "/slow", null);
        String callId = send("CALLBACK_REQUESTED");
        await().atMost(Duration.ofSeconds(20)).until(() -> received("/slow", callId).size() >= 3);
        List<LoggedRequest> attempts = received("/slow", callId);
        Set<String> ids = attempts.stream().map(r -> r.getHeader("webhook-id")).collect(Collectors.toSet());
        assertThat(ids).as("one delivery, one id on every retry").hasSize(1);
        String eventId = json.readTree(attempts.get(0).getBodyAsString()).path("eventId").asText();
        await().atMost(Duration.ofSeconds(10)).until(() -> "DELIVERED".equals(delivery(eventId, "webhook:slow").path("status").asText()));
        assertThat(attempts.get(1).getLoggedDate().getTime() - attempts.get(0).getLoggedDate().getTime())
                .as("Retry-After: 1 was honoured").isGreaterThanOrEqualTo(900);
    }

    @Test
    void anEndpointInTheGatewaysOwnNetworkIsRefusedWhenSaved() throws Exception {
        for (String url : List.of("https://169.254.169.254/latest/meta-data", "https://10.1.2.3/hooks", "http://192.168.0.10/x",
                "https://[fd00::1]/x", "ftp://example.com/x", "https://user:pw@example.com/x")) {
            Reply refused = asOperator("PUT", "/api/tenants/" + TENANT + "/destinations/nope", "{\"url\": \"" + url + "\"}");
            assertThat(refused.status()).as(url + " -> " + refused.raw()).isEqualTo(400);
            assertThat(refused.body().path("field").asText()).isEqualTo("url");
        }
        assertThat(asOperator("PUT", "/api/tenants/" + TENANT + "/destinations/nope", "{\"url\": \"" + RECEIVER.baseUrl() + "/x\", "
                + "\"filter\": {\"outcomes\": [\"MEETING\"]}}").body().path("field").asText()).isEqualTo("filter.outcomes");
        assertThat(asOperator("PUT", "/api/tenants/" + TENANT + "/destinations/nope", "{\"url\": \"" + RECEIVER.baseUrl() + "/x\", "
                + "\"secret\": \"short\"}").body().path("field").asText()).isEqualTo("secret");
        assertThat(getRaw("/api/tenants/" + TENANT + "/destinations", OPERATOR).body().path("destinations").findValuesAsText("id"))
                .doesNotContain("nope");
    }

    @org.springframework.beans.factory.annotation.Autowired
    private org.springframework.jdbc.core.JdbcTemplate db;

    @Test
    void anEndpointFailingLongerThanDisableAfterIsPausedItsEventsKeptAndResumingDrainsThem() throws Exception {
        RECEIVER.stubFor(post(urlPathEqualTo("/down")).willReturn(aResponse().withStatus(503)));
        destination("down", "/down", null);
        String first = send("NO_ANSWER");
        await().atMost(Duration.ofSeconds(15)).until(() -> received("/down", first).size() >= 4); // more than max-attempts (3 here)
        assertThat(event(json.readTree(received("/down", first).get(0).getBodyAsString()).path("eventId").asText()).path("status").asText())
                .as("a destination's delivery is retried until the destination is paused, not dead-lettered").isNotEqualTo("failed");
        assertThat(db.queryForObject("select failing_since from destination where tenant = ? and id = 'down'",
                java.time.OffsetDateTime.class, TENANT)).as("the clock started at the first failure").isNotNull();
        // As if it had been failing longer than disable-after (PT5M here): the next failure pauses it.
        db.update("update destination set failing_since = ? where tenant = ? and id = 'down'",
                java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).minusMinutes(10), TENANT);
        String second = send("LEFT_VOICEMAIL");
        await().atMost(Duration.ofSeconds(15)).until(() -> getRaw("/api/connectors/" + TENANT + "/webhook:down", OPERATOR).body()
                .path("status").asText().equals("paused"));
        JsonNode state = getRaw("/api/connectors/" + TENANT + "/webhook:down", OPERATOR).body();
        assertThat(state.path("reason").asText()).contains("disabled", "kept");
        assertThat(getManagement("/actuator/prometheus").raw()).containsPattern("gateway_destinations_disabled_total(\\{[^}]*\\})? [1-9]");

        RECEIVER.stubFor(post(urlPathEqualTo("/down")).willReturn(aResponse().withStatus(200)));
        assertThat(asOperator("POST", "/api/connectors/" + TENANT + "/webhook:down/resume", "").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> !received("/down", second).isEmpty() && !received("/down", first).isEmpty()
                && getRaw("/api/connectors/" + TENANT + "/webhook:down", OPERATOR).body().path("deliveries").path("DELIVERED").asInt() >= 2);
        assertThat(db.queryForObject("select count(*) from destination where tenant = ? and id = 'down' and failing_since is null",
                Integer.class, TENANT)).as("a delivery landed: not failing any more").isEqualTo(1);
    }

    @Test
    void aDestinationsRateLimitSpreadsItsPosts() throws Exception {
        RECEIVER.stubFor(post(urlPathEqualTo("/paced")).willReturn(aResponse().withStatus(200)));
        Reply made = asOperator("PUT", "/api/tenants/" + TENANT + "/destinations/paced", "{\"url\": \"" + RECEIVER.baseUrl() + "/paced\", "
                + "\"ratePerSecond\": 2}");
        assertThat(made.status()).as(made.raw()).isEqualTo(200);
        assertThat(asOperator("PUT", "/api/tenants/" + TENANT + "/destinations/paced", "{\"url\": \"" + RECEIVER.baseUrl() + "/paced\", "
                + "\"ratePerSecond\": 0}").body().path("field").asText()).isEqualTo("ratePerSecond");
        List<String> calls = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            calls.add(send("BUSY"));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> calls.stream().allMatch(c -> !received("/paced", c).isEmpty()));
        List<Long> at = RECEIVER.findAll(postRequestedFor(urlPathEqualTo("/paced"))).stream().map(r -> r.getLoggedDate().getTime()).sorted().toList();
        assertThat(at.get(at.size() - 1) - at.get(0)).as("6 POSTs at 2 a second take 2 s or more").isGreaterThanOrEqualTo(1900);
    }

    @Test
    void aSwitchedOffDestinationKeepsWhatItHadAndSendsItOnceOnAgain() throws Exception {
        RECEIVER.stubFor(post(urlPathEqualTo("/later")).willReturn(aResponse().withStatus(200)));
        RECEIVER.stubFor(post(urlPathEqualTo("/later")).atPriority(1).willReturn(aResponse().withStatus(503)));
        destination("later", "/later", null);
        String callId = send("INTERESTED");
        await().atMost(Duration.ofSeconds(10)).until(() -> !received("/later", callId).isEmpty()); // tried, refused: retrying
        String url = RECEIVER.baseUrl() + "/later";
        assertThat(asOperator("PUT", "/api/tenants/" + TENANT + "/destinations/later", "{\"url\": \"" + url + "\", \"enabled\": false}").status())
                .isEqualTo(200);
        assertThat(asOperator("DELETE", "/api/tenants/" + TENANT + "/destinations/later", "").body().path("reason").asText())
                .as("its pending delivery is not thrown away").isEqualTo("deliveries_pending");
        RECEIVER.resetAll();
        RECEIVER.stubFor(post(urlPathEqualTo("/later")).willReturn(aResponse().withStatus(200)));
        afterDispatchCycles(5);
        assertThat(received("/later", callId)).as("switched off: nothing is sent").isEmpty();
        assertThat(asOperator("PUT", "/api/tenants/" + TENANT + "/destinations/later", "{\"url\": \"" + url + "\", \"enabled\": true}").status())
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(90)).until(() -> !received("/later", callId).isEmpty());
    }
}
