package dev.dispositions.gateway.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import dev.dispositions.gateway.GatewayIntegrationTest;
import dev.dispositions.gateway.TestCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Support fixes a failed sync in place: the hint names the fix, the person's id is checked against the CRM before it
 * is stored, the edit re-sends the event's affected deliveries and is audited with the actor; an outcome may become
 * DO_NOT_CONTACT but never stop being it; many dead letters take one fix after a dry run.
 */
class FixFailedSyncTest extends GatewayIntegrationTest {
    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;
    private static final String NOTES = "/rest-services/corp7x/entity/Note";
    private final List<StubMapping> stubs = new ArrayList<>();

    @AfterEach
    void removeStubs() {
        stubs.forEach(s -> {
            SALESFORCE.removeStub(s);
            BULLHORN.removeStub(s);
        });
    }

    @Test
    void anUnknownBullhornPersonIsSetByIdAndTheNoteLandsOnThem() throws Exception {
        String callId = "fix-bh-" + newCallId();
        String eventId = accepted(TestCall.of(callId, "BUSY").asTenant("globex").ids("003000000000101AAA", "101", null));
        await().atMost(Duration.ofSeconds(20)).until(() -> "FAILED".equals(delivery(eventId, "bullhorn").path("status").asText()));
        long deadLetter = delivery(eventId, "bullhorn").path("id").asLong();
        String rawBefore = event(eventId).path("rawPayload").asText();

        JsonNode failed = asOperator("GET", "/api/dead-letters/" + deadLetter, "").body();
        assertThat(failed.path("deadLetter").path("hint").asText()).contains("set their bullhorn id on the event (Fix) and replay");

        Reply badSyntax = asOperator("POST", "/api/dead-letters/" + deadLetter + "/fix", "{\"personId\":\"../entity/Candidate\"}");
        assertThat(badSyntax.status()).isEqualTo(400);
        assertThat(badSyntax.body().path("field").asText()).isEqualTo("personId");
        Reply missing = asOperator("POST", "/api/dead-letters/" + deadLetter + "/fix", "{\"personId\":\"404404\"}");
        assertThat(missing.status()).as(missing.raw()).isEqualTo(422);
        assertThat(missing.body().path("reason").asText()).isEqualTo("unknown_person");
        assertThat(event(eventId).path("canonical").path("prospect").path("crmIds").has("bullhorn")).as("nothing stored").isFalse();

        Reply fixed = asOperator("POST", "/api/dead-letters/" + deadLetter + "/fix", "{\"personId\":\"4512\",\"reason\":\"new number of Ada\"}");
        assertThat(fixed.status()).as(fixed.raw()).isEqualTo(200);
        assertThat(fixed.body().path("changes").get(0).path("field").asText()).isEqualTo("prospect.crmIds.bullhorn");
        assertThat(fixed.body().path("resent").toString()).contains(String.valueOf(deadLetter));
        await().atMost(Duration.ofSeconds(20)).until(() -> "DELIVERED".equals(delivery(eventId, "bullhorn").path("status").asText()));

        var notes = BULLHORN.findAll(putRequestedFor(urlPathEqualTo(NOTES)).withRequestBody(containing(callId)));
        assertThat(notes).hasSize(1);
        assertThat(json.readTree(notes.get(0).getBodyAsString()).path("personReference").path("id").asLong()).isEqualTo(4512);
        JsonNode after = event(eventId);
        assertThat(after.path("rawPayload").asText()).as("the dialer's payload is never changed").isEqualTo(rawBefore);
        assertThat(after.path("edits").get(0).path("actor").asText()).isNotBlank();
        assertThat(after.path("edits").get(0).path("to").asText()).isEqualTo("4512");
        assertThat(after.path("timeline").toString()).contains("edit").contains("new number of Ada");
        assertThat(after.path("links").path(String.valueOf(deadLetter)).asText())
                .startsWith("https://cls42.bullhornstaffing.com/BullhornSTAFFING/OpenWindow.cfm?Entity=Note&id=");
        JsonNode audit = asOperator("GET", "/api/audit?tenant=globex&limit=50", "").body().path("entries");
        assertThat(audit.toString()).contains("event.edit").contains(eventId).contains("prospect.crmIds.bullhorn: (none) → 4512");
    }

    @Test
    void aPicklistRefusalNamesTheValueAndTheFieldAndAnOutcomeFixReplaysIt() throws Exception {
        String callId = "fix-sf-" + newCallId();
        stubs.add(SALESFORCE.stubFor(patch(urlPathMatching(TASK_UPSERTS)).atPriority(1).withRequestBody(containing(callId))
                .withRequestBody(containing("Left Voicemail"))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json").withBody("[{\"message\":"
                        + "\"bad value for restricted picklist field: Left Voicemail\",\"errorCode\":\"INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST\","
                        + "\"fields\":[\"CallDisposition\"]}]"))));
        String eventId = accepted(TestCall.of(callId, "Left voicemail").asTenant("default").knownPerson());
        await().atMost(Duration.ofSeconds(20)).until(() -> "FAILED".equals(delivery(eventId, "salesforce").path("status").asText()));
        long deadLetter = delivery(eventId, "salesforce").path("id").asLong();

        JsonNode listed = asOperator("GET", "/api/dead-letters?tenant=default&callId=" + callId, "").body().path("deadLetters").get(0);
        assertThat(listed.path("hint").asText()).isEqualTo("add 'Left Voicemail' to Task.CallDisposition, or map LEFT_VOICEMAIL to an "
                + "existing value in default's Salesforce mapping");

        Reply notCanonical = asOperator("POST", "/api/dead-letters/" + deadLetter + "/fix", "{\"outcome\":\"VOICEMAIL\"}");
        assertThat(notCanonical.status()).isEqualTo(400);
        assertThat(notCanonical.body().path("field").asText()).isEqualTo("outcome");
        Reply nothing = asOperator("POST", "/api/dead-letters/" + deadLetter + "/fix", "{}");
        assertThat(nothing.status()).isEqualTo(400);

        Reply fixed = asOperator("POST", "/api/dead-letters/" + deadLetter + "/fix", "{\"outcome\":\"NO_ANSWER\"}");
        assertThat(fixed.status()).as(fixed.raw()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> "DELIVERED".equals(delivery(eventId, "salesforce").path("status").asText()));
        assertThat(tasksFor(callId)).last().satisfies(t -> assertThat(t.record().path("CallDisposition").asText()).isEqualTo("No Answer"));
        assertThat(event(eventId).path("outcome").asText()).isEqualTo("NO_ANSWER");
    }

    @Test
    void anOutcomeBecomesDoNotContactWithItsLockedDeliveriesButNeverStopsBeingIt() throws Exception {
        String callId = "fix-dnc-" + newCallId();
        String eventId = accepted(TestCall.of(callId, "Left voicemail").asTenant("default").knownPerson());
        await().atMost(Duration.ofSeconds(20)).until(() -> "DELIVERED".equals(delivery(eventId, "salesforce").path("status").asText()));

        Reply toDnc = asOperator("POST", "/api/events/" + eventId + "/fix", "{\"outcome\":\"DO_NOT_CONTACT\",\"reason\":\"the prospect asked\"}");
        assertThat(toDnc.status()).as(toDnc.raw()).isEqualTo(200);
        assertThat(toDnc.body().path("added")).hasSize(1);
        await().atMost(Duration.ofSeconds(20)).until(() -> "DELIVERED".equals(delivery(eventId, "salesforce", "do-not-contact").path("status").asText()));
        assertThat(salesforceUpdatesOf("003000000000101AAA")).anySatisfy(u -> assertThat(u.record().path("DoNotCall").asBoolean()).isTrue());
        String task = delivery(eventId, "salesforce").path("crmRecordId").asText();
        await().atMost(Duration.ofSeconds(20)).until(() -> salesforceUpdatesOf(task).stream()
                .anyMatch(t -> "Do Not Contact".equals(t.record().path("CallDisposition").asText())));
        assertThat(tasksFor(callId)).as("written once, then updated in place").hasSize(1);

        Reply away = asOperator("POST", "/api/events/" + eventId + "/fix", "{\"outcome\":\"CONNECTED\"}");
        assertThat(away.status()).isEqualTo(409);
        assertThat(away.body().path("reason").asText()).isEqualTo("do_not_contact_locked");
        assertThat(event(eventId).path("outcome").asText()).isEqualTo("DO_NOT_CONTACT");
    }

    @Test
    void aBulkFixShowsWhatItWouldTakeThenFixesEveryMatch() throws Exception {
        String marker = "fix-bulk-" + newCallId();
        String since = java.time.Instant.now().minusSeconds(1).toString();
        stubs.add(SALESFORCE.stubFor(patch(urlPathMatching(TASK_UPSERTS)).atPriority(1).withRequestBody(containing(marker))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json").withBody("[{\"message\":"
                        + "\"bad value for restricted picklist field: Busy\",\"errorCode\":\"INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST\"}]"))));
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            events.add(accepted(TestCall.of(marker + "-" + i, "Busy").asTenant("default").knownPerson()));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> events.stream().allMatch(e -> "FAILED".equals(delivery(e, "salesforce").path("status").asText())));
        SALESFORCE.removeStub(stubs.remove(0));
        String filter = "{\"tenant\":\"default\",\"crm\":\"salesforce\",\"outcome\":\"BUSY\",\"from\":\"" + since + "\"}";

        Reply dry = asOperator("POST", "/api/dead-letters/fix", "{\"filter\":" + filter + ",\"outcome\":\"NO_ANSWER\",\"dryRun\":true}");
        assertThat(dry.status()).as(dry.raw()).isEqualTo(200);
        assertThat(dry.body().path("matched").asLong()).isEqualTo(3);
        assertThat(events).allSatisfy(e -> assertThat(event(e).path("outcome").asText()).as("a dry run changes nothing").isEqualTo("BUSY"));

        Reply run = asOperator("POST", "/api/dead-letters/fix", "{\"filter\":" + filter + ",\"outcome\":\"NO_ANSWER\",\"dryRun\":false,"
                + "\"reason\":\"Busy is not in this org's picklist\"}");
        assertThat(run.status()).as(run.raw()).isEqualTo(200);
        assertThat(run.body().path("events").asInt()).isEqualTo(3);
        await().atMost(Duration.ofSeconds(20)).until(() -> events.stream().allMatch(e -> "DELIVERED".equals(delivery(e, "salesforce").path("status").asText())));
        assertThat(events).allSatisfy(e -> assertThat(event(e).path("outcome").asText()).isEqualTo("NO_ANSWER"));

        Reply onePersonManyCrms = asOperator("POST", "/api/dead-letters/fix", "{\"personId\":\"4512\",\"dryRun\":true}");
        assertThat(onePersonManyCrms.status()).isEqualTo(400);
        assertThat(onePersonManyCrms.body().path("field").asText()).isEqualTo("filter.crm");
    }

    @Test
    void anOutcomeFixClosesTheActionsTheOldOutcomeCalledForAndRefusesWhileADeliveryIsInFlight() throws Exception {
        String callId = "fix-act-" + newCallId();
        String eventId = accepted(TestCall.of(callId, "Callback requested").asTenant("default").knownPerson());
        await().atMost(Duration.ofSeconds(20)).until(() -> "DELIVERED".equals(delivery(eventId, "salesforce", "follow-up").path("status").asText())
                && "DELIVERED".equals(delivery(eventId, "salesforce").path("status").asText()));
        // As if Salesforce had refused the follow-up Task for good: a dead letter the outcome's fix makes moot.
        jdbc.update("update outbox set status = 'FAILED', dead_reason = 'PERMANENT', last_result = 'PERMANENT', dead_at = updated_at "
                + "where event_id = ? and action = 'follow-up'", eventId);
        long followUp = delivery(eventId, "salesforce", "follow-up").path("id").asLong();

        jdbc.update("update outbox set status = 'IN_FLIGHT' where event_id = ? and action = 'activity'", eventId);
        Reply busy = asOperator("POST", "/api/events/" + eventId + "/fix", "{\"outcome\":\"NO_ANSWER\"}");
        assertThat(busy.status()).isEqualTo(409);
        assertThat(busy.body().path("reason").asText()).isEqualTo("in_flight");
        jdbc.update("update outbox set status = 'DELIVERED' where event_id = ? and action = 'activity'", eventId);

        Reply fixed = asOperator("POST", "/api/dead-letters/" + followUp + "/fix", "{\"outcome\":\"NO_ANSWER\"}");
        assertThat(fixed.status()).as(fixed.raw()).isEqualTo(200);
        assertThat(fixed.body().path("resent").toString()).doesNotContain(String.valueOf(followUp));
        assertThat(delivery(eventId, "salesforce", "follow-up").path("status").asText()).isEqualTo("SKIPPED");
        assertThat(delivery(eventId, "salesforce", "follow-up").path("lastDetail").asText()).contains("changed the outcome to NO_ANSWER");
        await().atMost(Duration.ofSeconds(20)).until(() -> salesforceUpdatesOf(delivery(eventId, "salesforce").path("crmRecordId").asText())
                .stream().anyMatch(t -> "No Answer".equals(t.record().path("CallDisposition").asText())));
    }

    @Test
    void aPersonFixLinksACallHubspotLoggedWithoutAPersonAndAddsNoDelivery() throws Exception {
        String callId = "fix-hs-" + newCallId();
        String eventId = accepted(TestCall.of(callId, "Busy").asTenant("globex").ids("003000000000101AAA", null, "5059165").phone("+14155550999"));
        await().atMost(Duration.ofSeconds(20)).until(() -> "DELIVERED".equals(delivery(eventId, "hubspot").path("status").asText()));
        int before = event(eventId).path("deliveries").size();

        Reply fixed = asOperator("POST", "/api/events/" + eventId + "/fix", "{\"personIds\":{\"hubspot\":\"551\"}}");
        assertThat(fixed.status()).as(fixed.raw()).isEqualTo(200);
        assertThat(fixed.body().path("added")).isEmpty();
        assertThat(event(eventId).path("deliveries").size()).isEqualTo(before);
        await().atMost(Duration.ofSeconds(20)).until(() -> hubspotInputs(CALL_WRITES, callId).stream()
                .anyMatch(i -> i.path("associations").path(0).path("to").path("id").asText().equals("551"))
                || hubspotInputs("/crm/v4/associations/calls/contacts/batch/associate/default", "551").size() > 0);
        Reply unknownCrm = asOperator("POST", "/api/events/" + eventId + "/fix", "{\"personIds\":{\"zoho\":\"1\"}}");
        assertThat(unknownCrm.status()).isEqualTo(400);
        assertThat(unknownCrm.body().path("field").asText()).isEqualTo("personIds.zoho");
    }
}
