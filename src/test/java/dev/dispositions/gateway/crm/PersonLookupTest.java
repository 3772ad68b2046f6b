package dev.dispositions.gateway.crm;

import dev.dispositions.gateway.TestCall;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.WireMock;
import dev.dispositions.gateway.GatewayIntegrationTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * When the dialer names nobody, each CRM is searched by the call's phone: Salesforce by SOSL (Contacts before
 * Leads), HubSpot by its contacts search, Bullhorn by JPQL query. No match: logged without a person where the CRM
 * allows it, and the event says so.
 */
class PersonLookupTest extends GatewayIntegrationTest {

    private String send(String callId, String phone) {
        return accepted(TestCall.of(callId, "CONNECTED").occurredAt("2026-11-23T16:00:00Z").numbers(null, phone).durationSeconds(30).phone(phone));
    }

    @Test
    void aCallWithOnlyAPhoneNumberIsLinkedToThePersonEachCrmHasForIt() throws Exception {
        String callId = "who-" + newCallId();

        String eventId = send(callId, "+14155550123");

        await().atMost(Duration.ofSeconds(15)).until(() -> "delivered".equals(event(eventId).get("status").asText()));
        JsonNode task = json.readTree(tasksFor(callId).get(0).getBodyAsString());
        assertThat(task.get("WhoId").asText()).as("the Contact, not the Lead").isEqualTo("003000000000123AAA");
        assertThat(delivery(eventId, "salesforce").get("lastDetail").asText())
                .isEqualTo("linked to Contact 003000000000123AAA by phone +14155550123 (2 matched; the rule took the first)");

        // The call is created with its key (dialer and call id) and its link to the contact found by phone.
        assertThat(hubspotCallsFor(callId)).hasSize(1);
        var created = hubspotInputs(CALL_WRITES, callId);
        assertThat(created).hasSize(1);
        assertThat(created.get(0).get("associations").get(0).get("to").get("id").asText()).isEqualTo("20123");
        assertThat(delivery(eventId, "hubspot").get("lastDetail").asText()).startsWith("linked to contact 20123 by phone +14155550123");

        JsonNode note = json.readTree(BULLHORN.findAll(putRequestedFor(urlPathEqualTo("/rest-services/corp7x/entity/Note"))
                .withRequestBody(containing(callId))).get(0).getBodyAsString());
        assertThat(note.get("personReference").get("id").asLong()).isEqualTo(777123L);
        assertThat(delivery(eventId, "bullhorn").get("lastDetail").asText()).isEqualTo("linked to ClientContact 777123 by phone +14155550123");
    }

    @Test
    void aCallNobodyMatchesIsStillLoggedWhereTheCrmAllowsAndTheEventSaysSo() throws Exception {
        String callId = "nobody-" + newCallId();

        String eventId = send(callId, "+14155550999");

        await().atMost(Duration.ofSeconds(15)).until(() -> "failed".equals(event(eventId).get("status").asText())
                && "DELIVERED".equals(delivery(eventId, "salesforce").get("status").asText())
                && "DELIVERED".equals(delivery(eventId, "hubspot").get("status").asText()));
        assertThat(json.readTree(tasksFor(callId).get(0).getBodyAsString()).has("WhoId")).isFalse();
        assertThat(delivery(eventId, "salesforce").get("lastDetail").asText())
                .isEqualTo("no Contact or Lead matched the call's phone or e-mail; logged without a person");
        assertThat(delivery(eventId, "hubspot").get("lastDetail").asText()).startsWith("no contact matched");
        assertThat(delivery(eventId, "bullhorn").get("lastDetail").asText()).contains("none matched the call's phone or e-mail");
    }
}
