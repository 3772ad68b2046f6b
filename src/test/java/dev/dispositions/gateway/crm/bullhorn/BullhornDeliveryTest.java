package dev.dispositions.gateway.crm.bullhorn;

import dev.dispositions.gateway.TestCall;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.dispositions.gateway.GatewayIntegrationTest;
import dev.dispositions.gateway.mapping.MappingCatalogs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Bullhorn Notes against the WireMock data centre: the OAuth → REST login flow, a 401 renewal, errors in Bullhorn's words. */
class BullhornDeliveryTest extends GatewayIntegrationTest {
    private static final String NOTES = "/rest-services/corp7x/entity/Note";
    private final List<StubMapping> extraStubs = new ArrayList<>();

    @Autowired
    BullhornConnector connector;

    @AfterEach
    void removeExtraStubs() {
        extraStubs.forEach(BULLHORN::removeStub);
    }

    private static List<LoggedRequest> notesFor(String callId) {
        return BULLHORN.findAll(putRequestedFor(urlPathEqualTo(NOTES)).withRequestBody(containing(callId)));
    }

    private String send(String callId, String outcome, String bullhornId) {
        return accepted(TestCall.of(callId, outcome).occurredAt("2026-11-23T15:00:00Z").durationSeconds(42)
                .notes("Asked for the job spec by e-mail.").ids("003000000000101AAA", "101", bullhornId));
    }

    @Test
    void aCallBecomesANoteOnThePersonAfterTheOauthAndRestLogin() throws Exception {
        String callId = "bh-" + newCallId();

        String eventId = send(callId, "LEFT_VOICEMAIL", "5059165");

        await().atMost(Duration.ofSeconds(15)).until(() -> "DELIVERED".equals(delivery(eventId, "bullhorn").get("status").asText()));
        assertThat(BULLHORN.findAll(postRequestedFor(urlPathEqualTo("/oauth/authorize")))).isNotEmpty();
        assertThat(BULLHORN.findAll(postRequestedFor(urlPathEqualTo("/rest-services/login")))).isNotEmpty();
        List<LoggedRequest> notes = notesFor(callId);
        assertThat(notes).hasSize(1);
        assertThat(notes.get(0).getHeader("BhRestToken")).startsWith("rest-22:access-");
        assertThat(notes.get(0).getUrl()).as("no token in the URL").doesNotContain("BhRestToken");
        JsonNode note = json.readTree(notes.get(0).getBodyAsString());
        assertThat(note.get("action").asText()).isEqualTo("Left Voicemail");
        assertThat(note.get("comments").asText()).isEqualTo("Call (generic): Left Voicemail. Asked for the job spec by e-mail.");
        assertThat(note.get("minutesSpent").asInt()).isEqualTo(1);
        assertThat(note.get("externalID").asText()).as("the call's key, found again before any second create").isEqualTo("generic:" + callId);
        assertThat(note.get("personReference").get("id").asLong()).isEqualTo(5059165L);
        assertThat(note.get("commentingPerson").get("id").asLong()).isEqualTo(1234L);
        assertThat(delivery(eventId, "bullhorn").get("crmRecordId").asText()).matches("\\d{6}");
    }

    @Test
    void anExpiredRestSessionIsRenewedOnceWithTheRefreshTokenAndTheNoteStillWritten() {
        String callId = "bh-401-" + newCallId();
        String scenario = "expired-" + callId;
        extraStubs.add(BULLHORN.stubFor(WireMock.put(urlPathEqualTo(NOTES)).atPriority(1).withRequestBody(containing(callId))
                .inScenario(scenario).whenScenarioStateIs(Scenario.STARTED).willSetStateTo("renewed")
                .willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                        .withBody("{\"errorMessage\":\"Bad 'BhRestToken' or timed-out.\",\"errorMessageKey\":\"errors.authentication.invalidRestToken\",\"errorCode\":401}"))));
        int refreshesBefore = BULLHORN.findAll(postRequestedFor(urlPathEqualTo("/oauth/token"))
                .withQueryParam("grant_type", WireMock.equalTo("refresh_token"))).size();

        String eventId = send(callId, "NO_ANSWER", "5059165");

        await().atMost(Duration.ofSeconds(15)).until(() -> "DELIVERED".equals(delivery(eventId, "bullhorn").get("status").asText()));
        assertThat(delivery(eventId, "bullhorn").get("attempts").asInt()).as("renewed within the attempt").isEqualTo(1);
        assertThat(BULLHORN.findAll(postRequestedFor(urlPathEqualTo("/oauth/token"))
                .withQueryParam("grant_type", WireMock.equalTo("refresh_token")))).hasSize(refreshesBefore + 1);
        assertThat(notesFor(callId)).hasSize(2);
    }

    @Test
    void bullhornsOwnMessageExplainsARefusedNoteAndAMissingPersonIsNamed() {
        String callId = "bh-400-" + newCallId();
        extraStubs.add(BULLHORN.stubFor(WireMock.put(urlPathEqualTo(NOTES)).atPriority(1).withRequestBody(containing(callId))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody("{\"errorMessage\":\"error persisting an entity of type: Note\",\"errorMessageKey\":\"errors.cannotPersistEntity\","
                                + "\"errorCode\":400,\"messages\":[{\"detailMessage\":\"value too long\",\"propertyName\":\"action\","
                                + "\"severity\":\"ERROR\",\"type\":\"INVALID_VALUE\"}]}"))));

        String refused = send(callId, "BUSY", "5059165");
        String noPerson = send("bh-none-" + newCallId(), "BUSY", null);

        await().atMost(Duration.ofSeconds(15)).until(() -> "FAILED".equals(delivery(refused, "bullhorn").get("status").asText())
                && "FAILED".equals(delivery(noPerson, "bullhorn").get("status").asText()));
        assertThat(delivery(refused, "bullhorn").get("lastDetail").asText())
                .isEqualTo("errors.cannotPersistEntity: error persisting an entity of type: Note; action value too long");
        assertThat(delivery(noPerson, "bullhorn").get("lastDetail").asText()).contains("prospect.crmIds.bullhorn");
    }

    @Test
    void anActionLongerThanBullhornsThirtyCharactersStopsStartUp() {
        var mapping = MappingCatalogs.packaged().crm("bullhorn").orElseThrow();
        var rules = new BullhornFileRules();
        assertThat(rules.problems("crms/bullhorn.yaml", mapping)).isEmpty();
        var tooLong = new dev.dispositions.gateway.mapping.CrmMapping(mapping.crm(), mapping.description(),
                java.util.Map.of("BUSY", "The line was busy when we called them"), mapping.ignore(), mapping.activity(), mapping.actions(), List.of(), mapping.newPeople());
        assertThat(rules.problems("crms/bullhorn.yaml", tooLong)).extracting(Object::toString).containsExactly(
                "crms/bullhorn.yaml at outcomes.BUSY: Note.action holds at most 30 characters, 'The line was busy when we called them' has 37");
    }
}
