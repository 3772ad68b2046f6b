package dev.dispositions.gateway.crm;

import dev.dispositions.gateway.TestCall;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dispositions.gateway.GatewayIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The CRM mapping files' outcome actions (README.md#outcome-actions): a follow-up task and a status update, in all three CRMs. */
class OutcomeActionsTest extends GatewayIntegrationTest {

    private String send(String callId, String outcome, String sfId, String hsId, String bhId) {
        return accepted(TestCall.of(callId, outcome).occurredAt("2026-11-23T18:00:00Z").callbackAt("2026-11-26T15:30:00Z")
                .notes("Call back after the board meeting (" + callId + ").").ids(sfId, hsId, bhId));
    }

    @Test
    void aRequestedCallbackBecomesAFollowUpTaskAndAStatusUpdateInEveryCrm() throws Exception {
        String callId = "cb-" + newCallId();

        String eventId = send(callId, "CALLBACK_REQUESTED", "00Q000000000777AAA", "777", "7070");

        await().atMost(Duration.ofSeconds(20)).until(() -> "delivered".equals(event(eventId).get("status").asText()));
        assertThat(event(eventId).get("deliveries")).as("activity, follow-up, status x three CRMs").hasSize(9);
        assertThat(event(eventId).get("compliance")).as("only do-not-contact is a compliance action").isEmpty();
        long due = Instant.parse("2026-11-26T15:30:00Z").toEpochMilli();

        JsonNode sfTask = json.readTree(actionTasksFor(callId, "follow-up").get(0).getBodyAsString());
        assertThat(sfTask.get("Subject").asText()).isEqualTo("Follow up: Callback Requested");
        assertThat(sfTask.get("ActivityDate").asText()).isEqualTo("2026-11-26");
        assertThat(sfTask.get("ReminderDateTime").asText()).isEqualTo("2026-11-26T15:30:00Z");
        assertThat(sfTask.get("WhoId").asText()).isEqualTo("00Q000000000777AAA");
        assertThat(sfTask.has("TaskSubtype")).as("a to-do, not a logged call").isFalse();
        JsonNode lead = json.readTree(updatesMentioning("00Q000000000777AAA").get(0).getBodyAsString());
        assertThat(lead.get("id").asText()).isEqualTo("00Q000000000777AAA");
        assertThat(lead.get("Status").asText()).isEqualTo("Working - Contacted");

        JsonNode hsTask = hubspotInputs("/crm/v3/objects/tasks/batch/create", callId).get(0);
        assertThat(hsTask.get("properties").get("hs_timestamp").asText()).isEqualTo("2026-11-26T15:30:00Z");
        assertThat(hsTask.get("properties").get("hs_task_status").asText()).isEqualTo("NOT_STARTED");
        assertThat(hsTask.get("properties").get("hs_task_reminders").asText()).isEqualTo(String.valueOf(due));
        assertThat(hsTask.get("associations").get(0).get("to").get("id").asText()).isEqualTo("777");
        assertThat(hsTask.get("associations").get(0).get("types").get(0).get("associationTypeId").asInt()).isEqualTo(204);
        JsonNode contact = hubspotInputs("/crm/v3/objects/contacts/batch/update", "\"777\"").get(0);
        assertThat(contact.get("id").asText()).isEqualTo("777");
        assertThat(contact.get("properties").get("hs_lead_status").asText()).isEqualTo("CONNECTED");

        JsonNode bhTask = json.readTree(BULLHORN.findAll(putRequestedFor(urlPathEqualTo("/rest-services/corp7x/entity/Task"))
                .withRequestBody(containing(callId))).get(0).getBodyAsString());
        assertThat(bhTask.get("type").asText()).isEqualTo("Follow-up");
        assertThat(bhTask.get("dateBegin").asLong()).isEqualTo(due);
        assertThat(bhTask.get("clientContact").get("id").asLong()).isEqualTo(7070L);
        assertThat(bhTask.get("isCompleted").asBoolean()).isFalse();
        JsonNode person = json.readTree(BULLHORN.findAll(postRequestedFor(urlPathEqualTo("/rest-services/corp7x/entity/ClientContact/7070")))
                .get(0).getBodyAsString());
        assertThat(person.get("status").asText()).isEqualTo("Followups");
    }

    @Test
    void aStatusMeantForLeadsSkipsAContactWithTheReasonAndNothingIsSentForAnOutcomeWithoutActions() {
        String busy = "busy-" + newCallId();
        String busyEvent = send(busy, "BUSY", "003000000000778AAA", "778", "7078");
        String voicemail = "vm-" + newCallId();
        String vmEvent = send(voicemail, "LEFT_VOICEMAIL", "003000000000779AAA", "779", "7079");

        await().atMost(Duration.ofSeconds(20)).until(() -> "delivered".equals(event(busyEvent).get("status").asText())
                && "delivered".equals(event(vmEvent).get("status").asText()));
        JsonNode leadStatus = delivery(busyEvent, "salesforce", "lead-status");
        assertThat(leadStatus.get("status").asText()).isEqualTo("SKIPPED");
        assertThat(leadStatus.get("lastDetail").asText()).isEqualTo("'lead-status' applies to Lead; the person is a Contact");
        assertThat(delivery(busyEvent, "bullhorn", "status").get("status").asText()).isEqualTo("DELIVERED");
        assertThat(event(busyEvent).get("deliveries")).as("no follow-up for a busy line").hasSize(6);
        assertThat(event(vmEvent).get("deliveries")).as("a voicemail has no actions").hasSize(3);
    }
}
