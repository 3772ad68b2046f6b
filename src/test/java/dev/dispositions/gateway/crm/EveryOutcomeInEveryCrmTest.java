package dev.dispositions.gateway.crm;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dispositions.gateway.GatewayIntegrationTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each of the 19 outcomes, through the gateway, to the exact value each CRM receives and the deliveries it sets off.
 * The expectations are written here, not read from the mapping files, so a changed file shows up.
 */
class EveryOutcomeInEveryCrmTest extends GatewayIntegrationTest {
    private static final Map<String, String> HUBSPOT_GUIDS = Map.of(
            "Busy", "9d9162e7-6cf3-4944-bf63-4dff82258764", "Connected", "f240bbac-87c9-4f6e-bf70-924b57d47db7",
            "Left live message", "a4c4c377-d246-4b32-a13b-75a56a4cd0ff", "Left voicemail", "b2cf5968-551e-4856-9783-52b3da59a7d0",
            "No answer", "73a0d17f-1163-4015-bdd5-ec830791da20", "Wrong number", "17b47fee-58de-441e-a44c-c6300d46f273");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            // outcome         | Salesforce CallDisposition     | HubSpot outcome  | Bullhorn action     | other deliveries
            "MEETING_BOOKED     | Meeting Booked                 | Connected         | Meeting Booked      | bullhorn status, hubspot lead-status, salesforce lead-status",
            "INTERESTED         | Connected - Interested         | Connected         | Interested          | bullhorn status, hubspot lead-status, salesforce lead-status",
            "TRANSFERRED        | Transferred                    | Connected         | Transferred         | -",
            "TRANSFER_MISSED    | Transfer Missed                | Left live message | Transfer Missed     | -",
            "CALLBACK_REQUESTED | Callback Requested             | Connected         | Call Back           | bullhorn follow-up, bullhorn status, hubspot follow-up, hubspot lead-status, salesforce follow-up, salesforce lead-status",
            "FOLLOW_UP          | Follow Up                      | Connected         | Follow Up           | bullhorn follow-up, bullhorn status, hubspot follow-up, hubspot lead-status, salesforce follow-up, salesforce lead-status",
            "NOT_INTERESTED     | Connected - Not Interested     | Connected         | Not Interested      | hubspot lead-status, salesforce lead-status",
            "DISQUALIFIED       | Disqualified                   | Connected         | Not Qualified       | hubspot lead-status, salesforce lead-status",
            "GATEKEEPER         | Gatekeeper                     | Left live message | Gatekeeper          | -",
            "CONNECTED          | Connected                      | Connected         | Connected           | -",
            "LEFT_VOICEMAIL     | Left Voicemail                 | Left voicemail    | Left Voicemail      | -",
            "NO_ANSWER          | No Answer                      | No answer         | No Answer           | bullhorn status, hubspot lead-status, salesforce lead-status",
            "BUSY               | Busy                           | Busy              | Busy                | bullhorn status, hubspot lead-status, salesforce lead-status",
            "MISSED_INBOUND     | Missed Inbound Call            | No answer         | Missed Call         | -",
            "WRONG_NUMBER       | Wrong Number                   | Wrong number      | Wrong Number        | -",
            "DISCONNECTED       | Disconnected / Not in Service  | Wrong number      | Number Disconnected | -",
            "FAILED             | Call Failed                    | No answer         | Call Failed         | -",
            "CANCELED           | -                              | -                 | -                   | -",
            "DO_NOT_CONTACT     | Do Not Contact                 | Connected         | Do Not Contact      | bullhorn do-not-contact, hubspot do-not-contact, salesforce do-not-contact"})
    void anOutcomeBecomesEachCrmsOwnValueAndItsActions(String outcome, String salesforce, String hubspot, String bullhorn,
                                                        String others) throws Exception {
        String callId = "every-" + outcome + "-" + newCallId();
        String body = """
                {"type":"call.ended","callId":"%s","occurredAt":"2026-11-23T19:00:00Z","outcome":"%s","direction":"OUTBOUND",
                 "durationSeconds":75,"notes":"outcome table %s","callbackAt":"2026-11-27T09:00:00Z",
                 "prospect":{"crmIds":{"salesforce":"00Q000000000900AAA","hubspot":"900","bullhorn":"9000"}}}"""
                .formatted(callId, outcome, callId);
        Reply reply = postGeneric("/webhooks/globex/generic", GLOBEX_SECRET, "msg_" + callId, body);
        assertThat(reply.status()).as(reply.raw()).isEqualTo(202);
        String eventId = reply.body().get("eventId").asText();
        await().atMost(Duration.ofSeconds(20)).until(() -> "delivered".equals(event(eventId).get("status").asText()));

        List<String> rows = new ArrayList<>();
        event(eventId).get("deliveries").forEach(d -> {
            if (!"activity".equals(d.get("action").asText())) {
                rows.add(d.get("crm").asText() + " " + d.get("action").asText());
            }
        });
        assertThat(new TreeSet<>(rows)).containsExactlyElementsOf(others == null ? List.of() : new TreeSet<>(List.of(others.split(", "))));

        var tasks = tasksFor(callId).stream().filter(r -> r.getBodyAsString().contains("\"TaskSubtype\"")).toList();
        var calls = hubspotCallsFor(callId);
        var notes = BULLHORN.findAll(putRequestedFor(urlPathEqualTo("/rest-services/corp7x/entity/Note")).withRequestBody(containing(callId)));
        if (salesforce == null) {
            assertThat(tasks).isEmpty();
            assertThat(calls).isEmpty();
            assertThat(notes).isEmpty();
            return;
        }
        JsonNode task = json.readTree(tasks.get(0).getBodyAsString());
        assertThat(task.get("CallDisposition").asText()).isEqualTo(salesforce);
        assertThat(task.get("CallDurationInSeconds").asInt()).isEqualTo(75);
        JsonNode call = hubspotCallProperties(callId);
        assertThat(call.get("hs_call_disposition").asText()).isEqualTo(HUBSPOT_GUIDS.get(hubspot));
        assertThat(call.get("hs_call_duration").asText()).isEqualTo("75000");
        JsonNode note = json.readTree(notes.get(0).getBodyAsString());
        assertThat(note.get("action").asText()).isEqualTo(bullhorn);
        assertThat(note.get("minutesSpent").asInt()).isEqualTo(2);
    }
}
