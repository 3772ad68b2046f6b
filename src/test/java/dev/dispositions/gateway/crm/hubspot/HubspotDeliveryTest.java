package dev.dispositions.gateway.crm.hubspot;

import dev.dispositions.gateway.TestCall;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.dispositions.gateway.GatewayIntegrationTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * HubSpot call engagements against the WireMock portal, and fan-out: tenant globex connects Salesforce, HubSpot
 * and Bullhorn, so one call becomes a Task, a call engagement and a Note, each with its own retries and status.
 */
class HubspotDeliveryTest extends GatewayIntegrationTest {
    private static final String CALLS = "/crm/v3/objects/calls";
    private final List<StubMapping> extraStubs = new ArrayList<>();

    @AfterEach
    void removeExtraStubs() {
        extraStubs.forEach(HUBSPOT::removeStub);
    }

    private static List<LoggedRequest> callsFor(String callId) {
        return hubspotCallsFor(callId);
    }

    private String send(String callId, String outcome) {
        return accepted(TestCall.of(callId, outcome).occurredAt("2026-11-23T14:30:00Z").numbers("+15551230000", "+15559870000")
                .durationSeconds(42).notes("Left a message about the renewal (" + callId + ")").knownPerson());
    }

    @Test
    void oneCallBecomesAHubspotCallWithThePortalsDispositionGuidAndASalesforceTask() throws Exception {
        String callId = "hs-" + newCallId();

        String eventId = send(callId, "LEFT_VOICEMAIL");

        await().atMost(Duration.ofSeconds(15)).until(() -> "delivered".equals(event(eventId).get("status").asText()));
        assertThat(event(eventId).get("deliveries")).as("Bullhorn, HubSpot, Salesforce").hasSize(3);
        assertThat(tasksFor(callId)).as("Salesforce").hasSize(1);
        List<LoggedRequest> calls = callsFor(callId);
        assertThat(calls).as("HubSpot").hasSize(1);
        assertThat(calls.get(0).getHeader("Authorization")).isEqualTo("Bearer pat-na1-demo-token");
        assertThat(calls.get(0).getUrl()).as("a first attempt creates").isEqualTo("/crm/v3/objects/calls/batch/create");
        JsonNode sent = hubspotInputs(CALL_WRITES, callId).get(0);
        JsonNode p = sent.get("properties");
        assertThat(p.get("dialer_call_key").asText()).as("keyed by dialer and call id, a unique property").isEqualTo("generic:" + callId);
        assertThat(p.get("hs_call_disposition").asText()).as("Left voicemail's GUID").isEqualTo("b2cf5968-551e-4856-9783-52b3da59a7d0");
        assertThat(p.get("hs_call_duration").asText()).isEqualTo("42000");
        assertThat(p.get("hs_timestamp").asText()).isEqualTo("2026-11-23T14:30:00Z");
        assertThat(p.get("hs_call_direction").asText()).isEqualTo("OUTBOUND");
        assertThat(p.get("hs_call_status").asText()).isEqualTo("COMPLETED");
        assertThat(p.get("hs_call_title").asText()).isEqualTo("Call: Left voicemail");
        assertThat(p.get("hs_call_to_number").asText()).isEqualTo("+15559870000");
        String hubspotId = delivery(eventId, "hubspot").get("crmRecordId").asText();
        assertThat(hubspotId).matches("\\d{8}");
        assertThat(sent.get("associations")).as("linked to the contact in the same request").hasSize(1);
        assertThat(sent.get("associations").get(0).get("to").get("id").asText()).isEqualTo("101");
        assertThat(sent.get("associations").get(0).get("types").get(0).get("associationTypeId").asInt()).isEqualTo(194);
        assertThat(hubspotInputs("/crm/v4/associations/calls/contacts/batch/associate/default", "\"" + hubspotId + "\""))
                .as("no separate link request").isEmpty();
    }

    @Test
    void hubspotBeingDownNeverDelaysSalesforceAndItsFailureIsVisibleOnTheEvent() {
        String callId = "hs-down-" + newCallId();
        extraStubs.add(HUBSPOT.stubFor(WireMock.post(urlPathMatching(CALL_WRITES)).atPriority(1).withRequestBody(containing(callId))
                .willReturn(aResponse().withStatus(503).withHeader("Content-Type", "application/json")
                        .withBody("{\"status\":\"error\",\"message\":\"Service unavailable\",\"category\":\"SERVICE_UNAVAILABLE\","
                                + "\"correlationId\":\"9f0c2a1e-0000-4000-8000-000000000001\"}"))));

        String eventId = send(callId, "NO_ANSWER");

        await().atMost(Duration.ofSeconds(10)).until(() -> "DELIVERED".equals(delivery(eventId, "salesforce").get("status").asText()));
        assertThat(tasksFor(callId)).hasSize(1);
        // max-attempts is 3 in the tests: three tries, then given up, with HubSpot's own words.
        await().atMost(Duration.ofSeconds(20)).until(() -> "failed".equals(event(eventId).get("status").asText()));
        JsonNode hubspot = delivery(eventId, "hubspot");
        assertThat(hubspot.get("attempts").asInt()).isEqualTo(3);
        assertThat(hubspot.get("lastResult").asText()).isEqualTo("TRANSIENT");
        assertThat(hubspot.get("lastDetail").asText())
                .isEqualTo("SERVICE_UNAVAILABLE: Service unavailable (correlationId 9f0c2a1e-0000-4000-8000-000000000001)");
        assertThat(callsFor(callId)).hasSize(3);
        assertThat(tasksFor(callId)).as("Salesforce written once, whatever HubSpot did").hasSize(1);
    }

    @Test
    void aRateLimitWaitsItsWindowWithoutUsingUpAnAttempt() {
        String callId = "hs-429-" + newCallId();
        String scenario = "limited-" + callId;
        extraStubs.add(HUBSPOT.stubFor(WireMock.post(urlPathMatching(CALL_WRITES)).atPriority(1).withRequestBody(containing(callId))
                .inScenario(scenario).whenScenarioStateIs(Scenario.STARTED).willSetStateTo("window over")
                .willReturn(aResponse().withStatus(429).withHeader("Content-Type", "application/json")
                        .withHeader("X-HubSpot-RateLimit-Interval-Milliseconds", "300").withHeader("X-HubSpot-RateLimit-Remaining", "0")
                        .withBody("{\"status\":\"error\",\"message\":\"You have reached your ten secondly limit.\","
                                + "\"errorType\":\"RATE_LIMIT\",\"correlationId\":\"c033cdaa-2c40-4a64-ae48-b4cec88dad24\","
                                + "\"policyName\":\"TEN_SECONDLY_ROLLING\"}"))));

        String eventId = send(callId, "BUSY");

        await().atMost(Duration.ofSeconds(15)).until(() -> "delivered".equals(event(eventId).get("status").asText()));
        JsonNode hubspot = delivery(eventId, "hubspot");
        assertThat(hubspot.get("attemptHistory").get(0).get("result").asText()).isEqualTo("THROTTLED");
        assertThat(hubspot.get("attemptHistory").get(0).get("detail").asText()).startsWith("RATE_LIMIT: You have reached");
        assertThat(hubspot.get("attemptHistory").get(1).get("result").asText()).isEqualTo("DONE");
        assertThat(hubspot.get("attempts").asInt()).as("the throttled try did not count").isEqualTo(1);
    }

    @Test
    void aValidationErrorIsPermanentWithHubspotsCategoryMessageAndCorrelationId() {
        String callId = "hs-400-" + newCallId();
        extraStubs.add(HUBSPOT.stubFor(WireMock.post(urlPathMatching(CALL_WRITES)).atPriority(1).withRequestBody(containing(callId))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody("{\"status\":\"error\",\"message\":\"Property values were not valid: hs_call_to_number\","
                                + "\"correlationId\":\"aeb5f871-7f07-4993-9211-075dc63e7cbf\",\"category\":\"VALIDATION_ERROR\"}"))));

        String eventId = send(callId, "WRONG_NUMBER");

        await().atMost(Duration.ofSeconds(15)).until(() -> "failed".equals(event(eventId).get("status").asText()));
        JsonNode hubspot = delivery(eventId, "hubspot");
        assertThat(hubspot.get("lastResult").asText()).isEqualTo("PERMANENT");
        assertThat(hubspot.get("attempts").asInt()).isEqualTo(1);
        assertThat(hubspot.get("lastDetail").asText()).isEqualTo(
                "VALIDATION_ERROR: Property values were not valid: hs_call_to_number (correlationId aeb5f871-7f07-4993-9211-075dc63e7cbf)");
        assertThat(delivery(eventId, "salesforce").get("status").asText()).isEqualTo("DELIVERED");
    }

    @Test
    void aLaterEventOfTheCallUpdatesTheSameHubspotCallAndSalesforceTask() throws Exception {
        String callId = "hs-upd-" + newCallId();
        String first = send(callId, "NO_ANSWER");
        await().atMost(Duration.ofSeconds(15)).until(() -> "delivered".equals(event(first).get("status").asText()));
        String hubspotId = delivery(first, "hubspot").get("crmRecordId").asText();

        String later = """
                {"type":"call.updated","callId":"%s","occurredAt":"2026-11-23T14:35:00Z","outcome":"MEETING_BOOKED"}"""
                .formatted(callId);
        String second = postGeneric("/webhooks/globex/generic", GLOBEX_SECRET, "msg2_" + callId, later).body().get("eventId").asText();

        await().atMost(Duration.ofSeconds(15)).until(() -> "delivered".equals(event(second).get("status").asText()));
        assertThat(delivery(second, "hubspot").get("crmRecordId").asText()).isEqualTo(hubspotId);
        List<JsonNode> updates = hubspotInputs(CALLS + "/batch/update", "\"" + hubspotId + "\"");
        assertThat(updates).hasSize(1);
        assertThat(updates.get(0).get("id").asText()).isEqualTo(hubspotId);
        assertThat(updates.get(0).get("properties").get("hs_call_disposition").asText())
                .as("Connected's GUID").isEqualTo("f240bbac-87c9-4f6e-bf70-924b57d47db7");
        assertThat(callsFor(callId)).as("created once").hasSize(1);
        assertThat(tasksFor(callId)).as("one Task in Salesforce too").hasSize(1);
    }

    @Test
    void anOauthPortalGetsItsAccessTokenFromTheRefreshTokenAndUsesIt() throws Exception {
        String callId = "hs-oauth-" + newCallId();
        Reply reply = postGeneric("/webhooks/hooli/generic", ACME_SECRET, "msg_" + callId, """
                {"type":"call.ended","callId":"%s","outcome":"BUSY","notes":"%s","prospect":{"crmIds":{"hubspot":"101"}}}"""
                .formatted(callId, callId));
        assertThat(reply.status()).isEqualTo(202);
        String eventId = reply.body().get("eventId").asText();

        await().atMost(Duration.ofSeconds(15)).until(() -> "delivered".equals(event(eventId).get("status").asText()));
        assertThat(HUBSPOT.findAll(postRequestedFor(urlPathEqualTo("/oauth/v1/token")))).isNotEmpty();
        // hooli's portal has no call-key property: a plain (batch) create
        assertThat(HUBSPOT.findAll(postRequestedFor(urlPathEqualTo(CALLS + "/batch/create")).withRequestBody(containing(callId))).get(0)
                .getHeader("Authorization")).matches("Bearer oauth-access-[a-z0-9]{10}");
    }
}
