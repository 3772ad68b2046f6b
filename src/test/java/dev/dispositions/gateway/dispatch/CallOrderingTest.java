package dev.dispositions.gateway.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dispositions.gateway.GatewayIntegrationTest;
import dev.dispositions.gateway.SentRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Events of one call are applied in vendor-time order, and a call is one activity in the CRM: a later finished-call
 * event updates the Task the first one created; an older one arriving late changes nothing.
 */
class CallOrderingTest extends GatewayIntegrationTest {

    private Reply send(String type, String callId, String outcome, String occurredAt) {
        String body = "{\"type\":\"" + type + "\",\"callId\":\"" + callId + "\",\"occurredAt\":\"" + occurredAt + "\""
                + (outcome == null ? "" : ",\"outcome\":\"" + outcome + "\"") + ",\"durationSeconds\":90}";
        return postGeneric("/webhooks/generic", DEMO_GENERIC_SECRET, "msg_" + callId + "_" + type + "_" + occurredAt, body);
    }

    /** The updates of the Task with this id (records of update collections). */
    private static List<SentRecord> patchesOf(String taskId) {
        return updatesMentioning("\"" + taskId + "\"");
    }

    private String deliveredRecordId(String eventId) {
        await().atMost(Duration.ofSeconds(15)).until(() -> "delivered".equals(event(eventId).get("status").asText()));
        return event(eventId).get("deliveries").get(0).get("crmRecordId").asText();
    }

    @Test
    void aLaterEventUpdatesTheTaskTheFirstCreatedAndAnOlderOneChangesNothing() throws Exception {
        String callId = "ord-" + newCallId();

        String first = send("call.ended", callId, "LEFT_VOICEMAIL", "2026-11-23T10:00:00Z").body().get("eventId").asText();
        String taskId = deliveredRecordId(first);
        String second = send("call.updated", callId, "MEETING_BOOKED", "2026-11-23T10:05:00Z").body().get("eventId").asText();

        assertThat(deliveredRecordId(second)).as("the same Task").isEqualTo(taskId);
        assertThat(tasksFor(callId)).as("created once").hasSize(1);
        List<SentRecord> patches = patchesOf(taskId);
        assertThat(patches).hasSize(1);
        JsonNode update = json.readTree(patches.get(0).getBodyAsString());
        assertThat(update.get("CallDisposition").asText()).isEqualTo("Meeting Booked");
        assertThat(update.has("TaskSubtype")).as("create-only field left out of the update").isFalse();

        Reply late = send("call.updated", callId, "NO_ANSWER", "2026-11-23T09:59:00Z");
        Reply ringing = send("call.progress", callId, null, "2026-11-23T09:58:00Z");

        assertThat(late.status()).isEqualTo(202);
        assertThat(event(late.body().get("eventId").asText()).get("status").asText()).isEqualTo("superseded");
        assertThat(event(ringing.body().get("eventId").asText()).get("status").asText()).isEqualTo("recorded");
        afterDispatchCycles(3);
        assertThat(tasksFor(callId)).hasSize(1);
        assertThat(patchesOf(taskId)).as("nothing after the newest event").hasSize(1);
    }

    @Test
    void twoEventsOfACallArrivingTogetherEndAsOneTaskWithTheNewestOutcome() throws Exception {
        String callId = "burst-" + newCallId();

        String older = send("call.ended", callId, "NO_ANSWER", "2026-11-23T11:00:00Z").body().get("eventId").asText();
        String newer = send("call.updated", callId, "CALLBACK_REQUESTED", "2026-11-23T11:01:00Z").body().get("eventId").asText();

        String taskId = deliveredRecordId(newer);
        await().atMost(Duration.ofSeconds(15)).until(() -> !"retrying".equals(event(older).get("status").asText())
                && !"received".equals(event(older).get("status").asText()));
        assertThat(tasksFor(callId)).as("one Task for the call").hasSize(1);
        // Either the older one was written and then updated, or it was superseded before it was sent;
        // either way the Task's last write carries the newest outcome.
        List<SentRecord> writes = new ArrayList<>(tasksFor(callId));
        writes.addAll(patchesOf(taskId));
        writes.sort(Comparator.comparing(w -> w.request().getLoggedDate()));
        assertThat(json.readTree(writes.get(writes.size() - 1).getBodyAsString()).get("CallDisposition").asText())
                .isEqualTo("Callback Requested");
    }

    @Test
    void anAircallTagAfterTheCallEndedUpdatesTheSameTask() throws Exception {
        String callId = String.valueOf(900_000_000L + new java.util.Random().nextInt(99_999_999));
        String ended = dev.dispositions.gateway.dialer.Goldens.text("dialer/aircall/call-ended-outbound.json")
                .replace("780836699", callId);
        String tagged = ended.replace("\"event\": \"call.ended\"", "\"event\": \"call.tagged\"")
                .replace("\"timestamp\": 1646389786", "\"timestamp\": 1646389900")
                .replace("\"tags\": []", "\"tags\": [{\"id\": 1, \"name\": \"Meeting Booked\", \"tagged_at\": 1646389899}]");
        assertThat(tagged).contains("call.tagged", "Meeting Booked");

        String first = postRaw("/webhooks/aircall", "application/json", java.util.Map.of(), ended).body().get("eventId").asText();
        String taskId = deliveredRecordId(first);
        String second = postRaw("/webhooks/aircall", "application/json", java.util.Map.of(), tagged).body().get("eventId").asText();

        assertThat(deliveredRecordId(second)).isEqualTo(taskId);
        assertThat(tasksFor(callId)).hasSize(1);
        assertThat(json.readTree(patchesOf(taskId).get(0).getBodyAsString()).get("CallDisposition").asText()).isEqualTo("Meeting Booked");
    }
}
