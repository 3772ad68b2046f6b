package dev.dispositions.gateway.crm.hubspot;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.WireMock;
import dev.dispositions.gateway.GatewayIntegrationTest;
import dev.dispositions.gateway.canonical.CallState;
import dev.dispositions.gateway.canonical.CanonicalDisposition;
import dev.dispositions.gateway.canonical.Outcome;
import dev.dispositions.gateway.delivery.DeliveryBatch;
import dev.dispositions.gateway.delivery.DeliveryItem;
import dev.dispositions.gateway.delivery.DeliveryResult;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Several new calls due for one portal go in one request, each answered by its objectWriteTraceId: batch/create,
 * with each call's link, on a first attempt (or always, where the portal has no call-key property: hooli); on a
 * retry batch/upsert on the call key, then one batch of links.
 */
class HubspotBatchTest extends GatewayIntegrationTest {
    @Autowired
    HubspotConnector connector;

    private static DeliveryItem item(long outboxId, String callId, Outcome outcome) {
        return item("hooli", outboxId, callId, outcome);
    }

    private static DeliveryItem item(String tenant, long outboxId, String callId, Outcome outcome) {
        return item(tenant, outboxId, callId, outcome, 1);
    }

    private static DeliveryItem item(String tenant, long outboxId, String callId, Outcome outcome, int attempt) {
        var event = CanonicalDisposition.builder(tenant, "generic", callId)
                .occurredAt(Instant.parse("2026-11-23T20:00:00Z"), "vendor").state(CallState.COMPLETED).outcome(outcome)
                .durations(30, null).prospect(new CanonicalDisposition.Prospect(Map.of("hubspot", "101"), null, null)).notes(callId)
                .build();
        return new DeliveryItem(outboxId, "evt-" + outboxId, attempt, event, null, DeliveryItem.ACTIVITY);
    }

    @Test
    void threeNewCallsGoInOneBatchAndEachGetsItsOwnId() throws Exception {
        String tag = newCallId();
        List<DeliveryItem> items = List.of(item(810001, tag + "-a", Outcome.BUSY), item(810002, tag + "-b", Outcome.NO_ANSWER),
                item(810003, tag + "-c", Outcome.LEFT_VOICEMAIL));

        List<DeliveryResult> results = deliver(new DeliveryBatch("hooli", "hubspot", items));

        var batches = HUBSPOT.findAll(postRequestedFor(urlPathEqualTo("/crm/v3/objects/calls/batch/create")).withRequestBody(containing(tag)));
        assertThat(batches).hasSize(1);
        JsonNode inputs = json.readTree(batches.get(0).getBodyAsString()).get("inputs");
        assertThat(inputs).hasSize(3);
        assertThat(inputs.findValuesAsText("objectWriteTraceId")).containsExactly("810001", "810002", "810003");
        assertThat(inputs.get(2).get("properties").get("hs_call_disposition").asText()).isEqualTo("b2cf5968-551e-4856-9783-52b3da59a7d0");
        assertThat(HUBSPOT.findAll(postRequestedFor(urlPathEqualTo("/crm/v3/objects/calls")).withRequestBody(containing(tag))))
                .as("no single creates").isEmpty();
        assertThat(results).extracting(DeliveryResult::kind).containsOnly(DeliveryResult.Kind.DONE);
        assertThat(results.stream().map(DeliveryResult::crmRecordId).collect(Collectors.toSet())).hasSize(3);
    }

    @Test
    void withACallKeyPropertyFirstAttemptsAreCreatedWithTheirLinksInOneRequest() throws Exception {
        String tag = newCallId();
        List<DeliveryItem> items = List.of(item("globex", 835001, tag + "-a", Outcome.BUSY), item("globex", 835002, tag + "-b", Outcome.NO_ANSWER));

        List<DeliveryResult> results = deliver(new DeliveryBatch("globex", "hubspot", items));

        var creates = HUBSPOT.findAll(postRequestedFor(urlPathEqualTo("/crm/v3/objects/calls/batch/create")).withRequestBody(containing(tag)));
        assertThat(creates).hasSize(1);
        JsonNode inputs = json.readTree(creates.get(0).getBodyAsString()).get("inputs");
        assertThat(inputs.findValuesAsText("dialer_call_key")).containsExactly("generic:" + tag + "-a", "generic:" + tag + "-b");
        assertThat(inputs.get(1).get("associations").get(0).get("to").get("id").asText()).isEqualTo("101");
        assertThat(results).extracting(DeliveryResult::kind).containsOnly(DeliveryResult.Kind.DONE);
        assertThat(HUBSPOT.findAll(postRequestedFor(urlPathEqualTo("/crm/v4/associations/calls/contacts/batch/associate/default"))
                .withRequestBody(containing(results.get(0).crmRecordId())))).as("no separate link request").isEmpty();
    }

    @Test
    void aCreateHubspotRefusesAsAConflictIsUpsertedAndLinkedInTheSameDelivery() throws Exception {
        String tag = newCallId();
        // As after a first attempt whose answer was lost: the call key is taken.
        var conflict = HUBSPOT.stubFor(WireMock.post(urlPathEqualTo("/crm/v3/objects/calls/batch/create")).atPriority(1)
                .withRequestBody(containing(tag)).willReturn(aResponse().withStatus(409).withHeader("Content-Type", "application/json")
                        .withBody("{\"status\":\"error\",\"message\":\"A call with dialer_call_key generic:" + tag + " already exists\","
                                + "\"category\":\"CONFLICT\",\"correlationId\":\"c0ffee00-0000-4000-8000-000000000009\"}")));
        try {
            List<DeliveryResult> results = deliver(new DeliveryBatch("globex", "hubspot", List.of(item("globex", 836001, tag, Outcome.BUSY))));

            assertThat(results).singleElement().satisfies(r -> assertThat(r.kind()).isEqualTo(DeliveryResult.Kind.DONE));
            assertThat(HUBSPOT.findAll(postRequestedFor(urlPathEqualTo("/crm/v3/objects/calls/batch/upsert")).withRequestBody(containing(tag))))
                    .hasSize(1);
            assertThat(HUBSPOT.findAll(postRequestedFor(urlPathEqualTo("/crm/v4/associations/calls/contacts/batch/associate/default"))
                    .withRequestBody(containing(results.get(0).crmRecordId())))).hasSize(1);
        } finally {
            HUBSPOT.removeStub(conflict);
        }
    }

    @Test
    void aRetryIsUpsertedOnTheCallKeyAndEachCallLinkedToItsContact() throws Exception {
        String tag = newCallId();
        List<DeliveryItem> items = List.of(item("globex", 830001, tag + "-a", Outcome.BUSY, 2), item("globex", 830002, tag + "-b", Outcome.NO_ANSWER, 2));

        List<DeliveryResult> results = deliver(new DeliveryBatch("globex", "hubspot", items));

        var upserts = HUBSPOT.findAll(postRequestedFor(urlPathEqualTo("/crm/v3/objects/calls/batch/upsert")).withRequestBody(containing(tag)));
        assertThat(upserts).hasSize(1);
        JsonNode inputs = json.readTree(upserts.get(0).getBodyAsString()).get("inputs");
        assertThat(inputs.findValuesAsText("id")).containsExactly("generic:" + tag + "-a", "generic:" + tag + "-b");
        assertThat(inputs.get(0).get("properties").get("dialer_call_key").asText()).isEqualTo("generic:" + tag + "-a");
        assertThat(results).extracting(DeliveryResult::kind).containsOnly(DeliveryResult.Kind.DONE);
        var links = HUBSPOT.findAll(postRequestedFor(urlPathEqualTo("/crm/v4/associations/calls/contacts/batch/associate/default"))
                .withRequestBody(containing(results.get(0).crmRecordId())));
        assertThat(links).as("both calls linked in one request").hasSize(1);
        JsonNode linked = json.readTree(links.get(0).getBodyAsString()).get("inputs");
        assertThat(linked.findValuesAsText("id")).containsExactlyInAnyOrder(results.get(0).crmRecordId(), "101", results.get(1).crmRecordId(), "101");
    }

    @Test
    void aCallWrittenButNotLinkedIsRetriedAsAWholeSoTheUpsertFindsItAgain() {
        String tag = newCallId();
        var failingLink = HUBSPOT.stubFor(WireMock.post(urlPathEqualTo("/crm/v4/associations/calls/contacts/batch/associate/default"))
                .atPriority(1).willReturn(aResponse().withStatus(502).withHeader("Content-Type", "application/json")
                        .withBody("{\"status\":\"error\",\"message\":\"Bad gateway\",\"category\":\"INTERNAL_ERROR\"}")));
        try {
            List<DeliveryResult> results = deliver(new DeliveryBatch("globex", "hubspot",
                    List.of(item("globex", 840001, tag, Outcome.BUSY, 2))));
            assertThat(results).singleElement().satisfies(r -> {
                assertThat(r.kind()).isEqualTo(DeliveryResult.Kind.TRANSIENT);
                assertThat(r.detail()).contains("written, but linking it to contact 101 failed");
            });
        } finally {
            HUBSPOT.removeStub(failingLink);
        }
    }

    @Test
    void aMultiStatusAnswerGivesEachCallItsOwnResultAndAnUnmentionedCallIsSentAgain() {
        String tag = newCallId();
        HUBSPOT.stubFor(WireMock.post(urlPathEqualTo("/crm/v3/objects/calls/batch/create")).atPriority(1).withRequestBody(containing(tag))
                .willReturn(aResponse().withStatus(207).withHeader("Content-Type", "application/json").withBody("""
                        {"status":"COMPLETE","numErrors":1,
                         "results":[{"id":"51000001","objectWriteTraceId":"820001","properties":{},"createdAt":"2026-11-23T20:00:01Z",
                                     "updatedAt":"2026-11-23T20:00:01Z","archived":false}],
                         "errors":[{"status":"error","category":"VALIDATION_ERROR","message":"Property values were not valid",
                                    "context":{"objectWriteTraceId":["820002"]}}],
                         "startedAt":"2026-11-23T20:00:00Z","completedAt":"2026-11-23T20:00:01Z"}""")));
        List<DeliveryItem> items = List.of(item(820001, tag + "-a", Outcome.BUSY), item(820002, tag + "-b", Outcome.NO_ANSWER),
                item(820003, tag + "-c", Outcome.CONNECTED));

        Map<Long, DeliveryResult> byRow = deliver(new DeliveryBatch("hooli", "hubspot", items)).stream()
                .collect(Collectors.toMap(DeliveryResult::outboxId, r -> r));

        assertThat(byRow.get(820001L).kind()).isEqualTo(DeliveryResult.Kind.DONE);
        assertThat(byRow.get(820001L).crmRecordId()).isEqualTo("51000001");
        assertThat(byRow.get(820002L).kind()).isEqualTo(DeliveryResult.Kind.PERMANENT);
        assertThat(byRow.get(820002L).detail()).isEqualTo("VALIDATION_ERROR: Property values were not valid");
        assertThat(byRow.get(820003L).kind()).isEqualTo(DeliveryResult.Kind.TRANSIENT);
        assertThat(byRow.get(820003L).detail()).contains("did not mention this call");
    }
}
