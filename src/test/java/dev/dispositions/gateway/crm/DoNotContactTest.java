package dev.dispositions.gateway.crm;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import dev.dispositions.gateway.GatewayIntegrationTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * DO_NOT_CONTACT is locked (README.md#do-not-contact-locked): the person's do-not-call flag is set in every CRM the tenant connected, each
 * attempt is audited, and it is delivered even when the call activity itself is refused.
 */
class DoNotContactTest extends GatewayIntegrationTest {
    private final List<StubMapping> extraStubs = new ArrayList<>();

    @AfterEach
    void removeExtraStubs() {
        extraStubs.forEach(SALESFORCE::removeStub);
    }

    private String optOut(String callId, String sfId, String hsId, String bhId) {
        String body = """
                {"type":"call.ended","callId":"%s","occurredAt":"2026-11-23T17:00:00Z","outcome":"DO_NOT_CONTACT","direction":"OUTBOUND",
                 "notes":"Asked never to be called again.","prospect":{"crmIds":{"salesforce":"%s","hubspot":"%s","bullhorn":"%s"}}}"""
                .formatted(callId, sfId, hsId, bhId);
        Reply reply = postGeneric("/webhooks/globex/generic", GLOBEX_SECRET, "msg_" + callId, body);
        assertThat(reply.status()).as(reply.raw()).isEqualTo(202);
        return reply.body().get("eventId").asText();
    }

    @Test
    void theFlagIsSetInEveryConnectedCrmAndEachAttemptIsAudited() throws Exception {
        String callId = "dnc-" + newCallId();

        String eventId = optOut(callId, "003000000000555AAA", "555", "5055");

        await().atMost(Duration.ofSeconds(15)).until(() -> "delivered".equals(event(eventId).get("status").asText()));
        assertThat(event(eventId).get("deliveries")).as("activity and do-not-contact, in three CRMs").hasSize(6);

        var sf = salesforceUpdatesOf("003000000000555AAA");
        assertThat(sf).hasSize(1);
        assertThat(sf.get(0).record().path("attributes").path("type").asText()).isEqualTo("Contact");
        assertThat(json.readTree(sf.get(0).getBodyAsString())).isEqualTo(json.readTree("{\"id\":\"003000000000555AAA\",\"DoNotCall\":true}"));
        var hs = hubspotContactUpdatesOf("555");
        assertThat(hs).hasSize(1);
        assertThat(hs.get(0).get("properties").get("do_not_call").asText()).isEqualTo("true");
        var bh = BULLHORN.findAll(postRequestedFor(urlPathEqualTo("/rest-services/corp7x/entity/ClientContact/5055")));
        assertThat(bh).hasSize(1);
        assertThat(json.readTree(bh.get(0).getBodyAsString()).get("status").asText()).isEqualTo("Do Not Contact");

        JsonNode audit = event(eventId).get("compliance");
        assertThat(audit).hasSize(3);
        for (JsonNode a : audit) {
            assertThat(a.get("action").asText()).isEqualTo("do-not-contact");
            assertThat(a.get("result").asText()).isEqualTo("DONE");
            assertThat(a.get("at").asText()).isNotBlank();
        }
        assertThat(audit.findValuesAsText("personId")).containsExactlyInAnyOrder("003000000000555AAA", "555", "5055");
        assertThat(delivery(eventId, "salesforce", "do-not-contact").get("lastDetail").asText()).isEqualTo("DoNotCall set on Contact 003000000000555AAA");
    }

    @Test
    void theFlagIsSetEvenWhenTheCallActivityIsRefused() throws Exception {
        String callId = "dnc-refused-" + newCallId();
        extraStubs.add(SALESFORCE.stubFor(WireMock.patch(urlPathMatching(TASK_UPSERTS)).atPriority(1).withRequestBody(containing(callId))
                .willReturn(refuseRecordsOf(callId, "FIELD_CUSTOM_VALIDATION_EXCEPTION", "Call Result must be one of the approved values"))));

        String eventId = optOut(callId, "00Q000000000556AAA", "556", "5056");

        await().atMost(Duration.ofSeconds(15)).until(() -> "FAILED".equals(delivery(eventId, "salesforce", "activity").get("status").asText())
                && "DELIVERED".equals(delivery(eventId, "salesforce", "do-not-contact").get("status").asText()));
        var lead = salesforceUpdatesOf("00Q000000000556AAA");
        assertThat(lead).hasSize(1);
        assertThat(lead.get(0).record().path("attributes").path("type").asText()).as("a Lead id is flagged as a Lead").isEqualTo("Lead");
        assertThat(event(eventId).get("status").asText()).as("the refused Task is visible").isEqualTo("failed");
        assertThat(event(eventId).get("compliance").findValuesAsText("crm")).contains("salesforce");
    }
}
