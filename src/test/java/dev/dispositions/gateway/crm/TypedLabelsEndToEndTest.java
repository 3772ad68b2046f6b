package dev.dispositions.gateway.crm;

import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dispositions.gateway.GatewayIntegrationTest;
import dev.dispositions.gateway.dialer.Goldens;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.apache.commons.codec.digest.HmacAlgorithms;
import org.apache.commons.codec.digest.HmacUtils;
import org.junit.jupiter.api.Test;

/**
 * Labels as people type them, end to end. Opt-outs reach every CRM of the demo tenant globex (Salesforce, HubSpot,
 * Bullhorn): a Symbo "do not contact" in lower case, and a label no table has that reads like one. A tenant's own
 * labels work as its YAML writes them; a live state with a disposition writes nothing; a vendor time in the far
 * future does not stop the call's later events.
 */
class TypedLabelsEndToEndTest extends GatewayIntegrationTest {
    private static final String GLOBEX_SYMBO_SECRET = "demo-globex-symbo-secret";

    private Reply postSymbo(String callId, String outcome, String sfId, String hsId, String bhId) {
        return postSymbo("globex", GLOBEX_SYMBO_SECRET, callId, outcome, sfId, hsId, bhId);
    }

    private Reply postSymbo(String tenant, String secret, String callId, String outcome, String sfId, String hsId, String bhId) {
        ObjectNode root = (ObjectNode) Goldens.json("dialer/symbo/call-completed-meeting-booked.json").deepCopy();
        ObjectNode call = (ObjectNode) root.get("call");
        call.put("id", callId).put("outcome", outcome).put("updated_at", java.time.Instant.now().toString());
        ((ObjectNode) call.get("prospect")).put("salesforce_id", sfId).put("hubspot_id", hsId).put("bullhorn_id", bhId);
        String body = root.toString();
        String signature = new HmacUtils(HmacAlgorithms.HMAC_SHA_256, secret.getBytes(StandardCharsets.UTF_8)).hmacHex(body);
        return postRaw("/webhooks/" + tenant + "/symbo", "application/json", Map.of("X-Hmac-Signature", signature), body);
    }

    private void assertDoNotCallSetEverywhere(String eventId, String sfId, String hsId, String bhId) throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> "delivered".equals(event(eventId).get("status").asText()));
        var sf = salesforceUpdatesOf(sfId);
        assertThat(sf).hasSize(1);
        assertThat(json.readTree(sf.get(0).getBodyAsString()).get("DoNotCall").asBoolean()).isTrue();
        var hs = hubspotContactUpdatesOf(hsId);
        assertThat(hs).hasSize(1);
        assertThat(hs.get(0).get("properties").get("do_not_call").asText()).isEqualTo("true");
        var bh = BULLHORN.findAll(postRequestedFor(urlPathEqualTo("/rest-services/corp7x/entity/ClientContact/" + bhId)));
        assertThat(bh).hasSize(1);
        assertThat(event(eventId).get("compliance")).hasSize(3);
    }

    @Test
    void aSymboDoNotContactInLowerCaseSetsTheDoNotCallInAllThreeCrms() throws Exception {
        String callId = "sym-" + newCallId();
        Reply reply = postSymbo(callId, "do not contact ", "003000000000771AAA", "771", "7071");
        assertThat(reply.status()).as(reply.raw()).isEqualTo(202);
        String eventId = reply.body().get("eventId").asText();

        JsonNode e = event(eventId);
        assertThat(e.get("outcome").asText()).isEqualTo("DO_NOT_CONTACT");
        assertThat(e.get("warnings")).as("the table has this label, in another spelling").isEmpty();
        assertDoNotCallSetEverywhere(eventId, "003000000000771AAA", "771", "7071");
    }

    @Test
    void anUnmappedLabelThatReadsLikeAnOptOutIsOneEverywhereAndSaysSo() throws Exception {
        String callId = "dnc-typed-" + newCallId();
        String body = """
                {"type":"call.ended","callId":"%s","occurredAt":"%s","outcome":"please do not call me again","direction":"OUTBOUND",
                 "notes":"Angry.","prospect":{"crmIds":{"salesforce":"003000000000772AAA","hubspot":"772","bullhorn":"7072"}}}"""
                .formatted(callId, java.time.Instant.now());
        Reply reply = postGeneric("/webhooks/globex/generic", GLOBEX_SECRET, "msg_" + callId, body);
        assertThat(reply.status()).as(reply.raw()).isEqualTo(202);
        String eventId = reply.body().get("eventId").asText();

        JsonNode e = event(eventId);
        assertThat(e.get("outcome").asText()).isEqualTo("DO_NOT_CONTACT");
        assertThat(e.get("warnings").findValuesAsText("code")).containsExactly("possible_opt_out");
        assertThat(e.get("canonical").get("vendorLabels").get("optOutInferredFrom").asText()).isEqualTo("please do not call me again");
        assertThat(e.get("timeline").findValuesAsText("detail"))
                .contains("treated as an opt-out: label 'please do not call me again' reads like one; map it to confirm "
                        + "(to DO_NOT_CONTACT, or to what it means)");
        assertDoNotCallSetEverywhere(eventId, "003000000000772AAA", "772", "7072");
        assertThat(json.readTree(tasksFor(callId).get(0).getBodyAsString()).get("Description").asText())
                .isEqualTo("[gateway: treated as an opt-out: label 'please do not call me again' reads like one]\n\nAngry.");
        assertThat(getManagement("/actuator/prometheus").raw()).containsPattern(
                "gateway_dialer_possible_opt_outs_total\\{dialer=\"generic\",policy=\"do-not-contact\",tenant=\"globex\"} [1-9]");
    }

    @Test
    void aTenantThatSaysRejectRefusesItWith422AndStoresNothing() {
        String callId = "dnc-refused-" + newCallId();
        String body = """
                {"type":"call.ended","callId":"%s","outcome":"Opted out by text","direction":"OUTBOUND"}""".formatted(callId);
        Reply reply = postGeneric("/webhooks/acme/generic", ACME_SECRET, "msg_" + callId, body);

        assertThat(reply.status()).as(reply.raw()).isEqualTo(422);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.body().get("reason").asText()).isEqualTo("possible_opt_out");
        assertThat(reply.body().get("field").asText()).isEqualTo("$.outcome");
        assertThat(reply.body().get("detail").asText()).startsWith("'Opted out by text' reads like an opt-out");
        Reply events = getRaw("/api/events?tenant=acme&callId=" + callId, Map.of("X-Api-Key", ADMIN_KEY));
        assertThat(events.body().get("events")).isEmpty();
        Reply metrics = getManagement("/actuator/prometheus");
        assertThat(metrics.raw()).containsPattern("gateway_dialer_possible_opt_outs_total\\{dialer=\"generic\",policy=\"reject\",tenant=\"acme\"} [1-9]");
    }

    @Test
    void aTenantsOwnLabelsMatchAsItsYamlWritesThemSpacesAndDashesIncluded() {
        // application-demo.yaml: default's symbo labels "Pas intéressé – rappeler" and "Demo booked", without brackets.
        String callId = "sym-own-" + newCallId();
        Reply reply = postSymbo("default", "demo-symbo-webhook-secret", callId, "pas intéressé - rappeler", "003000000000775AAA", "775", "7075");
        assertThat(reply.status()).as(reply.raw()).isEqualTo(202);
        JsonNode e = event(reply.body().get("eventId").asText());
        assertThat(e.get("outcome").asText()).isEqualTo("CALLBACK_REQUESTED");
        assertThat(e.get("warnings")).isEmpty();
        Reply booked = postSymbo("default", "demo-symbo-webhook-secret", callId + "b", "DEMO BOOKED", "003000000000775AAA", "775", "7075");
        assertThat(event(booked.body().get("eventId").asText()).get("outcome").asText()).isEqualTo("MEETING_BOOKED");
    }

    @Test
    void aLiveStatusCarryingADispositionIsKeptOnTheTimelineAndWritesNothing() {
        String callId = "sf-live-" + newCallId();
        String body = """
                {"event":"CALL_STATUS","occurred_at":"%s","data":{"call_id":"%s","status":"Ringing",
                 "disposition":{"id":4,"name":"Meeting Set"},"contact":{"crm_ids":{"salesforce":"003000000000776AAA"}}}}"""
                .formatted(java.time.Instant.now(), callId);
        String signature = new HmacUtils(HmacAlgorithms.HMAC_SHA_256, "demo-salesfinity-secret".getBytes(StandardCharsets.UTF_8)).hmacHex(body);
        Reply reply = postRaw("/webhooks/salesfinity", "application/json", Map.of("X-Salesfinity-Signature", signature), body);
        assertThat(reply.status()).as(reply.raw()).isEqualTo(202);

        JsonNode e = event(reply.body().get("eventId").asText());
        assertThat(e.get("state").asText()).isEqualTo("IN_PROGRESS");
        assertThat(e.get("status").asText()).isEqualTo("recorded");
        assertThat(e.get("deliveries")).as("no CRM delivery at all").isEmpty();
        assertThat(tasksFor(callId)).isEmpty();
    }

    @Test
    void aLaterEventWhoseVendorTimeIsBehindAnUntrustedOnesArrivalStillApplies() throws Exception {
        // The dialer's clock said 9999 for the first event; the second happened a little before the first one's
        // arrival (its own delivery was slow): a vendor time is never compared with a receipt time.
        String callId = "delayed-" + newCallId();
        String ids = "\"prospect\":{\"crmIds\":{\"salesforce\":\"003000000000778AAA\",\"hubspot\":\"778\",\"bullhorn\":\"7078\"}}";
        String first = """
                {"type":"call.ended","callId":"%s","occurredAt":"9999-12-31T23:59:59Z","outcome":"NO_ANSWER",%s}""".formatted(callId, ids);
        String firstId = postGeneric("/webhooks/globex/generic", GLOBEX_SECRET, "msg_a_" + callId, first).body().get("eventId").asText();
        String later = """
                {"type":"call.updated","callId":"%s","occurredAt":"%s","outcome":"MEETING_BOOKED",%s}"""
                .formatted(callId, java.time.Instant.now().minusSeconds(5), ids);
        String laterId = postGeneric("/webhooks/globex/generic", GLOBEX_SECRET, "msg_b_" + callId, later).body().get("eventId").asText();

        await().atMost(Duration.ofSeconds(20)).until(() -> "delivered".equals(event(laterId).get("status").asText()));
        assertThat(event(firstId).get("status").asText()).isIn("delivered", "superseded");
        // The last write of the call's Task carries the later event's outcome.
        var writes = new java.util.ArrayList<>(tasksFor(callId));
        writes.sort(java.util.Comparator.comparing(w -> w.request().getLoggedDate()));
        assertThat(writes).isNotEmpty();
        assertThat(writes.get(writes.size() - 1).record().get("CallDisposition").asText()).isEqualTo("Meeting Booked");
    }

    @Test
    void aCallDatedInTheFarFutureDoesNotSupersedeItsLaterEvents() throws Exception {
        String callId = "future-" + newCallId();
        String first = """
                {"type":"call.ended","callId":"%s","occurredAt":"9999-12-31T23:59:59Z","outcome":"NO_ANSWER",
                 "prospect":{"crmIds":{"salesforce":"003000000000773AAA","hubspot":"773","bullhorn":"7073"}}}""".formatted(callId);
        String firstId = postGeneric("/webhooks/globex/generic", GLOBEX_SECRET, "msg_a_" + callId, first).body().get("eventId").asText();
        JsonNode e = event(firstId);
        assertThat(e.get("warnings").findValuesAsText("code")).containsExactly("untrusted_time");
        assertThat(e.get("canonical").get("occurredAtSource").asText()).isEqualTo("receipt");
        await().atMost(Duration.ofSeconds(20)).until(() -> "delivered".equals(event(firstId).get("status").asText()));

        String later = """
                {"type":"call.updated","callId":"%s","occurredAt":"%s","outcome":"MEETING_BOOKED",
                 "prospect":{"crmIds":{"salesforce":"003000000000773AAA","hubspot":"773","bullhorn":"7073"}}}""".formatted(callId, java.time.Instant.now().plusSeconds(1));
        String laterId = postGeneric("/webhooks/globex/generic", GLOBEX_SECRET, "msg_b_" + callId, later).body().get("eventId").asText();

        await().atMost(Duration.ofSeconds(20)).until(() -> "delivered".equals(event(laterId).get("status").asText()));
        assertThat(delivery(laterId, "salesforce").get("status").asText()).isEqualTo("DELIVERED");
    }
}
