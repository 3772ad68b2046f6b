package dev.dispositions.gateway.api;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dispositions.gateway.GatewayIntegrationTest;
import dev.dispositions.gateway.SentRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a preview shows for each CRM is what its connector then sends: the same records, inputs and bodies, for the
 * activity, the follow-up and the status update of one call to a person known in all three CRMs.
 */
class PreviewIsThePlanTest extends GatewayIntegrationTest {

    @Test
    void thePreviewsWritesAreWhatEachStandInThenReceives() throws Exception {
        String callId = "plan-" + newCallId();
        String body = """
                {"type":"call.ended","callId":"%s","occurredAt":"2026-11-30T10:00:00Z","outcome":"CALLBACK_REQUESTED","direction":"OUTBOUND",
                 "durationSeconds":75,"callbackAt":"2026-12-02T09:00:00Z","notes":"Call back on Wednesday (%s)",
                 "prospect":{"crmIds":{"salesforce":"00Q000000000901AAA","hubspot":"901","bullhorn":"9091"}}}""".formatted(callId, callId);

        Reply preview = postRaw("/api/preview/globex/generic", "application/json", Map.of("X-Api-Key", ADMIN_KEY, "webhook-id", "msg_" + callId), body);
        assertThat(preview.status()).as(preview.raw()).isEqualTo(200);
        JsonNode crms = preview.body().get("events").get(0).get("crms");
        assertThat(crms.get("salesforce").get("writes")).as("an upsert collection and an update collection").hasSize(2);
        assertThat(crms.get("hubspot").get("writes")).as("calls upserted, tasks created, contacts updated").hasSize(3);
        assertThat(crms.get("bullhorn").get("writes")).as("the Note, the Task, the status").hasSize(3);
        assertThat(crms.get("bullhorn").get("lookups").get(0).get("path").asText()).as("the Note looked for first").isEqualTo("/query/Note");
        assertThat(all(SALESFORCE.findAll(postRequestedFor(urlPathEqualTo(TASK_UPSERTS))))).isEmpty();
        assertThat(tasksFor(callId)).as("nothing written by the preview").isEmpty();

        String eventId = postGeneric("/webhooks/globex/generic", GLOBEX_SECRET, "msg_" + callId, body).body().get("eventId").asText();
        await().atMost(Duration.ofSeconds(20)).until(() -> "delivered".equals(event(eventId).get("status").asText()));

        // Salesforce: each previewed record is a record the collections carried, field for field.
        for (JsonNode write : crms.get("salesforce").get("writes")) {
            for (JsonNode record : write.get("body").get("records")) {
                List<SentRecord> sent = write.get("path").asText().equals(TASK_UPSERTS)
                        ? SentRecord.in(SALESFORCE.findAll(com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor(urlPathEqualTo(TASK_UPSERTS))),
                                record.get("Dialer_Call_Id__c").asText()).stream()
                                .filter(r -> r.record().get("Dialer_Call_Id__c").equals(record.get("Dialer_Call_Id__c"))).toList()
                        : salesforceUpdatesOf(record.get("id").asText());
                assertThat(sent).as(record.toString()).singleElement().satisfies(r -> assertThat(r.record()).isEqualTo(record));
                assertThat(sent.get(0).request().getMethod().value()).isEqualTo(write.get("method").asText());
            }
        }
        // HubSpot: each previewed input is an input a batch carried; only the trace id differs, which is the outbox row's.
        for (JsonNode write : crms.get("hubspot").get("writes")) {
            for (JsonNode input : write.get("body").get("inputs")) {
                String marker = input.has("id") ? "\"" + input.get("id").asText() + "\"" : callId;
                List<JsonNode> sent = new ArrayList<>(hubspotInputs(write.get("path").asText(), marker));
                assertThat(sent).as(input.toString()).singleElement().satisfies(s -> assertThat(withoutTrace(s)).isEqualTo(withoutTrace(input)));
            }
        }
        // Bullhorn: each previewed body is what one request carried.
        for (JsonNode write : crms.get("bullhorn").get("writes")) {
            String path = "/rest-services/corp7x" + write.get("path").asText();
            var sent = "PUT".equals(write.get("method").asText())
                    ? BULLHORN.findAll(putRequestedFor(urlPathEqualTo(path)).withRequestBody(containing(callId)))
                    : BULLHORN.findAll(postRequestedFor(urlPathEqualTo(path)).withRequestBody(containing(write.get("body").path("status").asText("?"))));
            assertThat(sent).as(write.toString()).isNotEmpty();
            assertThat(sent.stream().map(r -> read(r.getBodyAsString())).toList()).contains(write.get("body"));
        }
    }

    private static List<Object> all(List<?> requests) {
        return new ArrayList<>(requests);
    }

    private JsonNode withoutTrace(JsonNode input) {
        ObjectNode copy = input.deepCopy();
        copy.remove("objectWriteTraceId");
        return copy;
    }

    private JsonNode read(String text) {
        try {
            return json.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
