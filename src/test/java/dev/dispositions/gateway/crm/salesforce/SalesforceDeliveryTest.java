package dev.dispositions.gateway.crm.salesforce;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import dev.dispositions.gateway.GatewayIntegrationTest;
import dev.dispositions.gateway.SentRecord;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Webhook in, Salesforce Task out, against the WireMock stand-in: fields, token, redelivery, CRM failures. */
@ExtendWith(OutputCaptureExtension.class)
class SalesforceDeliveryTest extends GatewayIntegrationTest {
    private final List<StubMapping> extraStubs = new ArrayList<>();

    @AfterEach
    void removeExtraStubs() {
        extraStubs.forEach(SALESFORCE::removeStub);
    }

    private static String completedCall(String callSid, String answeredBy, int seconds, int sequence) {
        return "CallSid=" + callSid + "&AccountSid=AC00000000000000000000000000000001&From=%2B14155550100&To=%2B14155550199"
                + "&Direction=outbound-api&CallStatus=completed&AnsweredBy=" + answeredBy + "&CallDuration=" + seconds
                + "&SequenceNumber=" + sequence;
    }

    @Test
    void aTwilioCallBecomesExactlyOneSalesforceTaskWithTheMappedFields() throws Exception {
        String callSid = newCallId();

        Reply reply = postTwilio(completedCall(callSid, "machine_end_beep", 37, 3));

        assertThat(reply.status()).isEqualTo(202);
        String eventId = reply.body().get("eventId").asText();
        await().atMost(Duration.ofSeconds(15)).until(() -> "delivered".equals(event(eventId).get("status").asText()));
        List<SentRecord> tasks = tasksFor(callSid);
        assertThat(tasks).hasSize(1);
        SentRecord task = tasks.get(0);
        assertThat(task.request().getHeader("Authorization")).isEqualTo("Bearer 00D000000000001AAA!demo.access.token");
        JsonNode fields = json.readTree(task.getBodyAsString());
        assertThat(fields.get("Subject").asText()).isEqualTo("Call: Left Voicemail");
        assertThat(fields.get("TaskSubtype").asText()).isEqualTo("Call");
        assertThat(fields.get("Status").asText()).isEqualTo("Completed");
        assertThat(fields.get("CallDisposition").asText()).isEqualTo("Left Voicemail");
        assertThat(fields.get("CallDurationInSeconds").asInt()).isEqualTo(37);
        assertThat(fields.get("CallType").asText()).isEqualTo("Outbound");
        assertThat(fields.get("CallObject").asText()).isEqualTo(callSid);
        // The callback carries no usable Timestamp, so the receipt date stands in.
        assertThat(fields.get("ActivityDate").asText()).isEqualTo(LocalDate.now(ZoneOffset.UTC).toString());
        assertThat(fields.has("WhoId")).as("Twilio knows no Salesforce id").isFalse();

        assertThat(SALESFORCE.findAll(postRequestedFor(urlPathEqualTo("/services/oauth2/token"))
                .withRequestBody(containing("grant_type=client_credentials")))).isNotEmpty();

        JsonNode delivery = event(eventId).get("deliveries").get(0);
        assertThat(delivery.get("crm").asText()).isEqualTo("salesforce");
        assertThat(delivery.get("crmRecordId").asText()).startsWith("00T").hasSize(18);
        assertThat(delivery.get("attemptHistory").get(0).get("httpStatus").asInt()).as("a collection answers 200, a result a record").isEqualTo(200);
        // A success is a summary: what was written and how long it took; only failures keep what was sent and answered.
        JsonNode attempt = delivery.get("attemptHistory").get(0);
        assertThat(attempt.has("response")).as(attempt.toString()).isFalse();
        assertThat(attempt.has("request")).as(attempt.toString()).isFalse();
        assertThat(attempt.get("durationMs").asLong()).isNotNegative();
    }

    @Test
    void aGenericEventWithTheProspectsSalesforceIdSetsWhoIdAndNotes() throws Exception {
        String callId = "gen-" + newCallId();
        String body = """
                {"type":"call.ended","callId":"%s","occurredAt":"2026-11-20T16:45:00Z","outcome":"CALLBACK_REQUESTED",
                 "direction":"INBOUND","durationSeconds":64,"notes":"Call back after the board meeting.",
                 "prospect":{"crmIds":{"salesforce":"003000000000042AAA"}}}""".formatted(callId);

        Reply reply = postGeneric("/webhooks/generic", DEMO_GENERIC_SECRET, "msg_" + callId, body);

        assertThat(reply.status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(15)).until(() -> tasksFor(callId).size() == 1);
        JsonNode fields = json.readTree(tasksFor(callId).get(0).getBodyAsString());
        assertThat(fields.get("WhoId").asText()).isEqualTo("003000000000042AAA");
        assertThat(fields.get("CallDisposition").asText()).isEqualTo("Callback Requested");
        assertThat(fields.get("CallType").asText()).isEqualTo("Inbound");
        assertThat(fields.get("ActivityDate").asText()).isEqualTo("2026-11-20");
        assertThat(fields.get("Description").asText()).isEqualTo("Call back after the board meeting.");
    }

    @Test
    void theSameWebhookThreeTimesMakesOneTaskAndAnswersWithTheOriginalEventId() throws Exception {
        String callSid = newCallId();
        String body = completedCall(callSid, "human", 120, 5);

        Reply first = postTwilio(body);
        Reply second = postTwilio(body);
        Reply third = postTwilio(body);

        assertThat(first.status()).isEqualTo(202);
        String eventId = first.body().get("eventId").asText();
        for (Reply again : List.of(second, third)) {
            assertThat(again.status()).isEqualTo(200);
            assertThat(again.body().get("status").asText()).isEqualTo("duplicate");
            assertThat(again.body().get("eventId").asText()).isEqualTo(eventId);
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> "delivered".equals(event(eventId).get("status").asText()));
        afterDispatchCycles(3); // nothing else may be sent
        assertThat(tasksFor(callSid)).hasSize(1);
    }

    @Test
    void aValidationErrorFailsTheEventWithSalesforcesOwnWordsAndIsNotRetried() throws Exception {
        String callSid = newCallId();
        extraStubs.add(SALESFORCE.stubFor(com.github.tomakehurst.wiremock.client.WireMock.patch(urlPathMatching(TASK_UPSERTS)).atPriority(1)
                .withRequestBody(containing(callSid))
                .willReturn(refuseRecordsOf(callSid, "FIELD_CUSTOM_VALIDATION_EXCEPTION", "Call Result must be one of the approved values"))));

        String eventId = postTwilio(completedCall(callSid, "human", 10, 1)).body().get("eventId").asText();

        await().atMost(Duration.ofSeconds(15)).until(() -> "failed".equals(event(eventId).get("status").asText()));
        JsonNode delivery = event(eventId).get("deliveries").get(0);
        assertThat(delivery.get("lastResult").asText()).isEqualTo("PERMANENT");
        assertThat(delivery.get("lastDetail").asText())
                .isEqualTo("FIELD_CUSTOM_VALIDATION_EXCEPTION: Call Result must be one of the approved values");
        assertThat(delivery.get("attemptHistory").get(0).get("response").asText()).contains("\"success\":false");
        afterDispatchCycles(3);
        assertThat(tasksFor(callSid)).as("a permanent error is not retried").hasSize(1);
    }

    @Test
    void anOutageIsRetriedFromTheDatabaseScheduleUntilSalesforceRecovers() throws Exception {
        String callSid = newCallId();
        String scenario = "outage-" + callSid;
        extraStubs.add(SALESFORCE.stubFor(com.github.tomakehurst.wiremock.client.WireMock.patch(urlPathMatching(TASK_UPSERTS)).atPriority(1).withRequestBody(containing(callSid))
                .inScenario(scenario).whenScenarioStateIs(Scenario.STARTED).willSetStateTo("recovered")
                .willReturn(aResponse().withStatus(503).withBody("Service Unavailable"))));

        String eventId = postTwilio(completedCall(callSid, "human", 10, 1)).body().get("eventId").asText();

        await().atMost(Duration.ofSeconds(15)).until(() -> "delivered".equals(event(eventId).get("status").asText()));
        JsonNode attempts = event(eventId).get("deliveries").get(0).get("attemptHistory");
        assertThat(attempts).hasSize(2);
        assertThat(attempts.get(0).get("result").asText()).isEqualTo("TRANSIENT");
        assertThat(attempts.get(0).get("httpStatus").asInt()).isEqualTo(503);
        assertThat(attempts.get(1).get("result").asText()).isEqualTo("DONE");
        assertThat(tasksFor(callSid)).hasSize(2);
    }

    @Test
    void aCallStillRingingIsRecordedButNeverSent() throws Exception {
        String callSid = newCallId();

        Reply reply = postTwilio("CallSid=" + callSid + "&CallStatus=ringing&SequenceNumber=0");

        assertThat(reply.status()).isEqualTo(202);
        JsonNode event = event(reply.body().get("eventId").asText());
        assertThat(event.get("status").asText()).isEqualTo("recorded");
        assertThat(event.get("state").asText()).isEqualTo("IN_PROGRESS");
        afterDispatchCycles(3);
        assertThat(tasksFor(callSid)).isEmpty();
    }

    @Test
    void aCanceledCallIsSkippedByTheMappingWithItsReason() throws Exception {
        String callSid = newCallId();

        String eventId = postTwilio("CallSid=" + callSid + "&CallStatus=canceled&SequenceNumber=2").body().get("eventId").asText();

        await().atMost(Duration.ofSeconds(15)).until(() -> "delivered".equals(event(eventId).get("status").asText()));
        JsonNode delivery = event(eventId).get("deliveries").get(0);
        assertThat(delivery.get("status").asText()).isEqualTo("SKIPPED");
        assertThat(delivery.get("lastDetail").asText()).contains("canceled before it connected");
        assertThat(tasksFor(callSid)).isEmpty();
    }

    @Test
    void noSecretReachesTheLogWhileDeliveringOrRefusing(CapturedOutput output) {
        String callSid = newCallId();
        String eventId = postTwilio(completedCall(callSid, "human", 12, 1)).body().get("eventId").asText();
        postRaw("/webhooks/twilio", "application/x-www-form-urlencoded", java.util.Map.of("X-Twilio-Signature", "Zm9v"),
                completedCall(callSid, "human", 12, 2));
        getRaw("/api/events/" + eventId, java.util.Map.of("X-Api-Key", "wrong-" + ADMIN_KEY));
        await().atMost(Duration.ofSeconds(15)).until(() -> "delivered".equals(event(eventId).get("status").asText()));

        assertThat(output.getAll()).contains("event " + eventId + " -> salesforce DELIVERED")
                .doesNotContain("demo-client-secret", "demo.access.token", DEMO_TWILIO_TOKEN, DEMO_GENERIC_SECRET.substring(6),
                        ADMIN_KEY, "Zm9v");
    }

    @Test
    void theReadmesDemoRequestIsAcceptedAndBecomesALeftVoicemailTask() throws Exception {
        String readme = java.nio.file.Files.readString(java.nio.file.Path.of("README.md"));
        var signature = java.util.regex.Pattern.compile("X-Twilio-Signature: (\\S+)'").matcher(readme);
        var data = java.util.regex.Pattern.compile("--data '(CallSid=[^']+)'").matcher(readme);
        assertThat(signature.find()).isTrue();
        assertThat(data.find()).isTrue();

        Reply reply = postRaw("/webhooks/twilio", "application/x-www-form-urlencoded",
                java.util.Map.of("X-Twilio-Signature", signature.group(1)), data.group(1));

        assertThat(reply.status()).as(reply.raw()).isEqualTo(202);
        String eventId = reply.body().get("eventId").asText();
        await().atMost(Duration.ofSeconds(15)).until(() -> "delivered".equals(event(eventId).get("status").asText()));
        assertThat(event(eventId).get("outcome").asText()).isEqualTo("LEFT_VOICEMAIL");
    }

    @Test
    void anExpiredSessionIsRenewedByLoggingInAgainAndTheTaskStillWrittenInOneAttempt() {
        String callSid = newCallId();
        extraStubs.add(SALESFORCE.stubFor(com.github.tomakehurst.wiremock.client.WireMock.patch(urlPathMatching(TASK_UPSERTS)).atPriority(1)
                .withRequestBody(containing(callSid)).inScenario("expired-" + callSid).whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("renewed").willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                        .withBody("[{\"message\":\"Session expired or invalid\",\"errorCode\":\"INVALID_SESSION_ID\"}]"))));
        String eventId = postTwilio(completedCall(callSid, "human", 15, 1)).body().get("eventId").asText();

        await().atMost(Duration.ofSeconds(15)).until(() -> "delivered".equals(event(eventId).get("status").asText()));
        assertThat(event(eventId).get("deliveries").get(0).get("attempts").asInt()).isEqualTo(1);
        List<SentRecord> tries = tasksFor(callSid);
        assertThat(tries).as("refused once, then sent again with the new token").hasSize(2);
        var refusedAt = tries.stream().map(t -> t.request().getLoggedDate()).min(java.util.Date::compareTo).orElseThrow();
        var resentAt = tries.stream().map(t -> t.request().getLoggedDate()).max(java.util.Date::compareTo).orElseThrow();
        assertThat(SALESFORCE.findAll(postRequestedFor(urlPathEqualTo("/services/oauth2/token"))).stream()
                .filter(login -> !login.getLoggedDate().before(refusedAt) && !login.getLoggedDate().after(resentAt)))
                .as("one new login between the refusal and the resend").hasSize(1);
    }
}
