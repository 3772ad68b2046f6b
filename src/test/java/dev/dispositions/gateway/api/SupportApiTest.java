package dev.dispositions.gateway.api;

import dev.dispositions.gateway.TestCall;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import dev.dispositions.gateway.GatewayIntegrationTest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What support does with the API: find dead letters, read what the CRM said, fix the mapping and replay them in
 * bulk after a dry run, discard one with a reason; and what an admin sees of a connector: parked rows while
 * credentials are refused, a pause that holds events, a resume that drains them.
 */
class SupportApiTest extends GatewayIntegrationTest {
    private static final Map<String, String> KEY = Map.of("X-Api-Key", ADMIN_KEY);
    private final List<StubMapping> extraStubs = new ArrayList<>();

    @AfterEach
    void removeExtraStubs() {
        extraStubs.forEach(s -> {
            SALESFORCE.removeStub(s);
            HUBSPOT.removeStub(s);
        });
    }

    private String sendDefault(String callId, String outcome) {
        return accepted(TestCall.of(callId, outcome).asTenant("default").durationSeconds(12).notes(callId));
    }

    private Reply postJson(String path, String body) {
        return postRaw(path, "application/json", KEY, body);
    }

    private void refusePicklistValue(String callId, String value) {
        extraStubs.add(SALESFORCE.stubFor(patch(urlPathMatching(TASK_UPSERTS)).atPriority(1).withRequestBody(containing(callId))
                .withRequestBody(containing("\"CallDisposition\":\"" + value + "\""))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody("[{\"message\":\"bad value for restricted picklist field: " + value + "\","
                                + "\"errorCode\":\"INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST\",\"fields\":[\"CallDisposition\"]}]"))));
    }

    @Test
    void aRefusedValueIsADeadLetterAtOnceAndAfterTheMappingIsFixedABulkReplayDeliversIt() throws Exception {
        Instant start = Instant.now().minusSeconds(1);
        String first = "dl-" + newCallId();
        String second = "dl-" + newCallId();
        refusePicklistValue(first, "Busy");
        refusePicklistValue(second, "Busy");
        String firstEvent = sendDefault(first, "BUSY");
        String secondEvent = sendDefault(second, "BUSY");
        await().atMost(Duration.ofSeconds(15)).until(() -> "failed".equals(event(firstEvent).get("status").asText())
                && "failed".equals(event(secondEvent).get("status").asText()));

        JsonNode delivery = delivery(firstEvent, "salesforce");
        assertThat(delivery.get("attempts").asInt()).as("no retries for a refused value").isEqualTo(1);
        assertThat(delivery.get("deadReason").asText()).isEqualTo("PERMANENT");
        Reply listed = getRaw("/api/dead-letters?crm=salesforce&reason=permanent&callId=" + first, KEY);
        assertThat(listed.status()).as(listed.raw()).isEqualTo(200);
        assertThat(listed.body().get("total").asInt()).isEqualTo(1);
        JsonNode dead = listed.body().get("deadLetters").get(0);
        assertThat(dead.get("crmError").asText()).startsWith("INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST: bad value for restricted picklist");
        assertThat(dead.get("result").asText()).isEqualTo("PERMANENT");
        JsonNode detail = getRaw("/api/dead-letters/" + dead.get("id").asLong(), KEY).body();
        assertThat(detail.get("attempts").get(0).get("request").asText()).contains("\"CallDisposition\":\"Busy\"");
        assertThat(detail.get("event").get("canonical").get("outcome").asText()).isEqualTo("BUSY");

        // The admin fixes the mapping: this org's picklist says "Line Busy".
        Path fixed = Path.of(MAPPINGS_OVERRIDE, "crms", "salesforce.yaml");
        Files.createDirectories(fixed.getParent());
        Files.writeString(fixed, Files.readString(Path.of("mappings/crms/salesforce.yaml")).replace("  BUSY: Busy\n", "  BUSY: Line Busy\n"));
        try {
            Reply reload = postJson("/api/mappings/crms/reload", "");
            assertThat(reload.status()).as(reload.raw()).isEqualTo(200);

            String filter = """
                    {"tenant":"default","crm":"salesforce","reason":"PERMANENT","outcome":"BUSY","from":"%s"}""".formatted(start);
            Reply dry = postJson("/api/dead-letters/replay", "{\"dryRun\":true,\"filter\":" + filter + "}");
            assertThat(dry.status()).as(dry.raw()).isEqualTo(200);
            assertThat(dry.body().get("matched").asInt()).isEqualTo(2);
            assertThat(dry.body().get("wouldReplay").findValuesAsText("callId")).containsExactlyInAnyOrder(first, second);
            assertThat(event(firstEvent).get("status").asText()).as("a dry run changes nothing").isEqualTo("failed");

            Reply replay = postJson("/api/dead-letters/replay", "{\"dryRun\":false,\"reason\":\"picklist fixed\",\"filter\":" + filter + "}");
            assertThat(replay.body().get("replayed").asInt()).as(replay.raw()).isEqualTo(2);
            await().atMost(Duration.ofSeconds(15)).until(() -> "delivered".equals(event(firstEvent).get("status").asText())
                    && "delivered".equals(event(secondEvent).get("status").asText()));
            List<String> sent = tasksFor(first).stream().map(r -> r.getBodyAsString()).toList();
            assertThat(sent.get(sent.size() - 1)).as("re-rendered with the fixed mapping").contains("\"CallDisposition\":\"Line Busy\"");
            JsonNode replayed = event(firstEvent);
            assertThat(replayed.get("timeline").findValuesAsText("stage")).contains("replay");
            assertThat(replayed.get("timeline").findValuesAsText("detail")).anyMatch(d -> d.contains("picklist fixed"));
        } finally {
            Files.deleteIfExists(fixed);
            assertThat(postJson("/api/mappings/crms/reload", "").status()).isEqualTo(200);
        }
    }

    @Test
    void aBrokenMappingIsNotReloadedAndEveryProblemIsNamed() throws Exception {
        Path broken = Path.of(MAPPINGS_OVERRIDE, "crms", "salesforce.yaml");
        Files.createDirectories(broken.getParent());
        Files.writeString(broken, Files.readString(Path.of("mappings/crms/salesforce.yaml")).replace("  BUSY: Busy\n", "  BUSIE: Busy\n"));
        try {
            Reply reload = postJson("/api/mappings/crms/reload", "");
            assertThat(reload.status()).isEqualTo(422);
            assertThat(reload.body().get("reason").asText()).isEqualTo("mapping_invalid");
            assertThat(reload.body().get("problems").findValuesAsText("path")).contains("outcomes.BUSIE");
        } finally {
            Files.deleteIfExists(broken);
        }
        String callId = "still-" + newCallId();
        String eventId = sendDefault(callId, "BUSY");
        await().atMost(Duration.ofSeconds(15)).until(() -> "delivered".equals(event(eventId).get("status").asText()));
        assertThat(tasksFor(callId).get(0).getBodyAsString()).as("the files in use stayed in use").contains("\"CallDisposition\":\"Busy\"");
    }

    @Test
    void aDeadLetterIsDiscardedOnlyWithAReasonWhichTheTimelineKeeps() {
        String callId = "discard-" + newCallId();
        refusePicklistValue(callId, "No Answer");
        String eventId = sendDefault(callId, "NO_ANSWER");
        await().atMost(Duration.ofSeconds(15)).until(() -> "failed".equals(event(eventId).get("status").asText()));
        long id = delivery(eventId, "salesforce").get("id").asLong();

        Reply noReason = postJson("/api/dead-letters/" + id + "/discard", "{}");
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.body().get("field").asText()).isEqualTo("reason");

        Reply discarded = postJson("/api/dead-letters/" + id + "/discard", "{\"reason\":\"test call, not a real prospect\"}");
        assertThat(discarded.status()).as(discarded.raw()).isEqualTo(200);
        JsonNode event = event(eventId);
        assertThat(event.get("status").asText()).isEqualTo("discarded");
        assertThat(event.get("timeline").findValuesAsText("detail")).anyMatch(d -> d.contains("test call, not a real prospect"));
        assertThat(postJson("/api/dead-letters/" + id + "/discard", "{\"reason\":\"again\"}").status()).isEqualTo(409);
        assertThat(getRaw("/api/dead-letters?status=DISCARDED&callId=" + callId, KEY).body().get("total").asInt()).isEqualTo(1);
    }

    @Test
    void refusedCredentialsParkTheConnectorsRowsWithoutUsingAttemptsUntilAnAdminResumesIt() {
        String refused = "reauth-" + newCallId();
        String waiting = "reauth-wait-" + newCallId();
        StubMapping revoked = HUBSPOT.stubFor(post(urlPathEqualTo("/crm/v3/objects/calls/batch/create")).atPriority(1).withRequestBody(containing(refused))
                .willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                        .withBody("{\"status\":\"error\",\"message\":\"Authentication credentials not found.\","
                                + "\"category\":\"INVALID_AUTHENTICATION\"}")));
        extraStubs.add(revoked);
        String first = hooli(refused);
        await().atMost(Duration.ofSeconds(15)).until(() -> "PARKED".equals(delivery(first, "hubspot").get("status").asText()));
        assertThat(delivery(first, "hubspot").get("attempts").asInt()).as("parking uses no attempt").isZero();
        JsonNode connector = getRaw("/api/connectors/hooli/hubspot", KEY).body();
        assertThat(connector.get("status").asText()).isEqualTo("NEEDS_REAUTH");
        assertThat(connector.get("reason").asText()).contains("Authentication credentials not found");

        String second = hooli(waiting);
        await().pollDelay(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5)).until(() -> true);
        assertThat(HUBSPOT.findAll(postRequestedFor(urlPathEqualTo("/crm/v3/objects/calls/batch/create")).withRequestBody(containing(waiting))))
                .as("nothing is sent to a connector that needs re-authorising").isEmpty();
        assertThat(event(second).get("status").asText()).isEqualTo("received");

        HUBSPOT.removeStub(revoked); // the admin connects the portal again
        Reply resumed = postJson("/api/connectors/hooli/hubspot/resume", "");
        assertThat(resumed.status()).as(resumed.raw()).isEqualTo(200);
        assertThat(resumed.body().get("connector").get("status").asText()).isEqualTo("healthy");
        await().atMost(Duration.ofSeconds(15)).until(() -> "delivered".equals(event(first).get("status").asText())
                && "delivered".equals(event(second).get("status").asText()));
        assertThat(getRaw("/api/connectors/hooli/hubspot", KEY).body().get("status").asText()).isEqualTo("healthy");
    }

    @Test
    void aParkedRowIsProbedAgainAndWhenCredentialsWorkAgainTheConnectorRecoversByItself() {
        String callId = "probe-" + newCallId();
        StubMapping revoked = HUBSPOT.stubFor(post(urlPathEqualTo("/crm/v3/objects/calls/batch/create")).atPriority(1).withRequestBody(containing(callId))
                .willReturn(aResponse().withStatus(403).withHeader("Content-Type", "application/json")
                        .withBody("{\"status\":\"error\",\"message\":\"This app hasn't been granted all required scopes\","
                                + "\"category\":\"MISSING_SCOPES\"}")));
        extraStubs.add(revoked);
        String eventId = hooli(callId);
        await().atMost(Duration.ofSeconds(15)).until(() -> "PARKED".equals(delivery(eventId, "hubspot").get("status").asText()));
        // reauth-probe is 1 s in the tests: the parked row is tried again, refused again, and still uses no attempt
        await().atMost(Duration.ofSeconds(10)).until(() -> HUBSPOT.findAll(postRequestedFor(urlPathEqualTo("/crm/v3/objects/calls/batch/create"))
                .withRequestBody(containing(callId))).size() >= 2);
        assertThat(delivery(eventId, "hubspot").get("attempts").asInt()).isZero();

        HUBSPOT.removeStub(revoked); // the admin grants the scope; nobody calls resume
        await().atMost(Duration.ofSeconds(15)).until(() -> "delivered".equals(event(eventId).get("status").asText()));
        assertThat(getRaw("/api/connectors/hooli/hubspot", KEY).body().get("status").asText()).isEqualTo("healthy");
    }

    private String hooli(String callId) {
        Reply r = postGeneric("/webhooks/hooli/generic", ACME_SECRET, "msg_" + callId, """
                {"type":"call.ended","callId":"%s","outcome":"LEFT_VOICEMAIL","notes":"%s","prospect":{"crmIds":{"hubspot":"101"}}}"""
                .formatted(callId, callId));
        assertThat(r.status()).as(r.raw()).isEqualTo(202);
        return r.body().get("eventId").asText();
    }

    @Test
    void aPausedConnectorKeepsItsEventsAndSendsThemOnResume() {
        Reply paused = postJson("/api/connectors/initech/salesforce/pause", "{\"reason\":\"CRM maintenance window\"}");
        assertThat(paused.status()).as(paused.raw()).isEqualTo(200);
        assertThat(paused.body().get("status").asText()).isEqualTo("paused");
        String callId = "paused-" + newCallId();
        Reply accepted = postGeneric("/webhooks/initech/generic", ACME_SECRET, "msg_" + callId, """
                {"type":"call.ended","callId":"%s","outcome":"NO_ANSWER","notes":"%s"}""".formatted(callId, callId));
        assertThat(accepted.status()).as("a paused connector never refuses an event").isEqualTo(202);
        String eventId = accepted.body().get("eventId").asText();
        await().pollDelay(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5)).until(() -> true);
        assertThat(tasksFor(callId)).isEmpty();
        JsonNode listed = getRaw("/api/connectors", KEY).body();
        assertThat(listed.findParents("tenant").stream().filter(c -> c.get("tenant").asText().equals("initech")).findFirst().orElseThrow()
                .get("reason").asText()).isEqualTo("CRM maintenance window");

        assertThat(postJson("/api/connectors/initech/salesforce/resume", "").status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(15)).until(() -> "delivered".equals(event(eventId).get("status").asText()));
        assertThat(tasksFor(callId)).hasSize(1);
    }

    @Test
    void eventsAreListedByFilterAndACallsWholeStoryIsOneRequest() {
        String callId = "story-" + newCallId();
        String eventId = sendDefault(callId, "LEFT_VOICEMAIL");
        await().atMost(Duration.ofSeconds(15)).until(() -> "delivered".equals(event(eventId).get("status").asText()));

        JsonNode page = getRaw("/api/events?tenant=default&dialer=generic&callId=" + callId + "&status=DELIVERED", KEY).body();
        assertThat(page.get("events")).hasSize(1);
        assertThat(page.get("events").get(0).get("status").asText()).isEqualTo("delivered");
        assertThat(page.get("events").get(0).get("deliveries").get(0).get("crm").asText()).isEqualTo("salesforce");
        assertThat(getRaw("/api/events?callId=" + callId + "&status=FAILED", KEY).body().get("events")).isEmpty();

        JsonNode story = getRaw("/api/calls/default/generic/" + URLEncoder.encode(callId, StandardCharsets.UTF_8), KEY).body();
        assertThat(story.get("events").findValuesAsText("eventId")).containsExactly(eventId);
    }

    @Test
    void badFiltersAreRefusedByName() {
        Reply reason = getRaw("/api/dead-letters?reason=SOMETIMES", KEY);
        assertThat(reason.status()).isEqualTo(400);
        assertThat(reason.body().get("field").asText()).isEqualTo("reason");
        Reply limit = getRaw("/api/events?limit=0", KEY);
        assertThat(limit.status()).isEqualTo(400);
        assertThat(limit.body().get("field").asText()).isEqualTo("limit");
        Reply from = getRaw("/api/events?from=yesterday", KEY);
        assertThat(from.body().get("field").asText()).isEqualTo("from");
        Reply dryRun = postJson("/api/dead-letters/replay", "{\"filter\":{}}");
        assertThat(dryRun.status()).isEqualTo(400);
        assertThat(dryRun.body().get("field").asText()).isEqualTo("dryRun");
        assertThat(getRaw("/api/dead-letters", Map.of()).status()).isEqualTo(401);
    }

    @Test
    void theGatewayServesAnOpenApiDescriptionOfItsAdminApi() {
        Reply docs = getRaw("/v3/api-docs", Map.of());
        assertThat(docs.status()).as(docs.raw()).isEqualTo(200);
        JsonNode paths = docs.body().get("paths");
        assertThat(paths.has("/api/dead-letters/replay")).isTrue();
        assertThat(paths.has("/api/events/{eventId}")).isTrue();
        assertThat(paths.get("/api/dead-letters/{id}/discard").get("post").get("security").toString()).contains("adminKey");
        assertThat(docs.body().get("components").get("securitySchemes").get("adminKey").get("name").asText()).isEqualTo("X-Api-Key");
    }
}
