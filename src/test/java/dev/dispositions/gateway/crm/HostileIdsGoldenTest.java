package dev.dispositions.gateway.crm;

import dev.dispositions.gateway.delivery.DeliveryBatch;
import dev.dispositions.gateway.delivery.DeliveryItem;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.dispositions.gateway.GatewayIntegrationTest;
import dev.dispositions.gateway.SentRecord;
import dev.dispositions.gateway.canonical.CallState;
import dev.dispositions.gateway.canonical.CanonicalDisposition;
import dev.dispositions.gateway.canonical.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Dialer ids never steer a CRM request. Ids with a path traversal or a query string are dropped at ingest (the person
 * is found by phone instead), a hostile call id stays one encoded path segment wherever it goes (Salesforce's upsert
 * key), and every connector encodes whatever id it puts in a path, so that even an id that got past ingest could not
 * leave its segment. Asserts the exact paths the stand-ins received, through every connector, the outcome actions
 * and the do-not-contact deliveries. Keep it through refactors of the connectors.
 */
class HostileIdsGoldenTest extends GatewayIntegrationTest {
    static final String TRAVERSAL_SF = "00Q000000000001AAA/../../Account/001000000000001AAA?_HttpMethod=DELETE";
    static final String TRAVERSAL_HS = "101/../../companies/5?archived=true";
    static final String TRAVERSAL_BH = "5059165/../Candidate/1?fields=*";

    @Autowired
    CrmRegistry crms;

    private static List<LoggedRequest> all() {
        return Stream.of(SALESFORCE, HUBSPOT, BULLHORN).flatMap(s -> s.getAllServeEvents().stream()).map(e -> e.getRequest()).toList();
    }

    private static List<String> urlsMentioning(WireMockServer server, String text) {
        return server.getAllServeEvents().stream().map(e -> e.getRequest())
                .filter(r -> r.getUrl().contains(text) || r.getBodyAsString().contains(text)).map(LoggedRequest::getUrl).toList();
    }

    private String send(String callId, String outcome) {
        String body = """
                {"type":"call.ended","callId":"%s","occurredAt":"%s","outcome":"%s","direction":"OUTBOUND",
                 "prospect":{"phone":"+14155550123","crmIds":{"salesforce":"%s","hubspot":"%s","bullhorn":"%s"}}}"""
                .formatted(callId.replace("\"", "\\\""), Instant.now(), outcome, TRAVERSAL_SF, TRAVERSAL_HS, TRAVERSAL_BH);
        Reply reply = postGeneric("/webhooks/globex/generic", GLOBEX_SECRET, "msg_" + newCallId(), body);
        assertThat(reply.status()).as(reply.raw()).isEqualTo(202);
        return reply.body().get("eventId").asText();
    }

    @Test
    void idsThatWouldSteerARequestAreDroppedAndTheCallKeyStaysOneSegment() {
        String tag = newCallId();
        String callId = tag + "/../../sobjects/Account/001000000000001AAA?_HttpMethod=DELETE#";
        String optOut = send(callId, "DO_NOT_CONTACT");
        String callback = send(callId + "cb", "CALLBACK_REQUESTED");

        await().atMost(Duration.ofSeconds(20)).until(() -> Stream.of(optOut, callback)
                .allMatch(id -> List.of("delivered", "failed").contains(event(id).get("status").asText())));
        JsonNode e = event(optOut);
        assertThat(e.get("warnings").findValuesAsText("code")).containsExactly("dropped_crm_id", "dropped_crm_id", "dropped_crm_id");
        assertThat(e.get("canonical").get("prospect").has("crmIds") ? e.get("canonical").get("prospect").get("crmIds").size() : 0).isZero();
        assertThat(e.get("status").asText()).as(e.toPrettyString()).isEqualTo("delivered");
        assertThat(event(callback).get("status").asText()).isEqualTo("delivered");

        // The call key travels as data in the collection's records, never in a URL.
        assertThat(urlsMentioning(SALESFORCE, tag)).isNotEmpty().containsOnly(TASK_UPSERTS);
        assertThat(SentRecord.in(SALESFORCE.findAll(patchRequestedFor(urlPathEqualTo(TASK_UPSERTS))), tag).stream()
                .map(r -> r.record().get("Dialer_Call_Id__c").asText()))
                .containsExactlyInAnyOrder("generic:" + callId, "generic:" + callId + "cb", "generic:" + callId + "cb:follow-up");
        for (LoggedRequest r : all()) {
            assertThat(r.getUrl()).as("no request may leave its path").doesNotContain("/../", "Account/001", "_HttpMethod=DELETE&",
                    "companies", "Candidate/1", "archived=true");
        }
        // The person came from the phone number: Salesforce's Lead, HubSpot's and Bullhorn's contacts of +14155550123.
        assertThat(delivery(optOut, "salesforce", "do-not-contact").get("lastDetail").asText()).isEqualTo("DoNotCall set on Contact 003000000000123AAA (phone +14155550123)");
        assertThat(delivery(optOut, "hubspot", "do-not-contact").get("lastDetail").asText()).contains("20123");
        assertThat(delivery(optOut, "bullhorn", "do-not-contact").get("lastDetail").asText()).contains("777123");
    }

    @Test
    void anIdThatGotPastIngestStillCannotLeaveItsPathSegment() throws Exception {
        // As if such ids had got past ingest: the connectors check person ids again, and encode every id in a path.
        List<StubMapping> catchAll = Stream.of(SALESFORCE, HUBSPOT, BULLHORN).map(s -> s.stubFor(any(anyUrl()).atPriority(10)
                .willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/json").withBody("[]")))).toList();
        try {
            Map<String, String> hostile = Map.of("salesforce", TRAVERSAL_SF, "hubspot", TRAVERSAL_HS, "bullhorn", TRAVERSAL_BH);
            for (String crm : List.of("salesforce", "hubspot", "bullhorn")) {
                var event = CanonicalDisposition.builder("globex", "generic", "past-ingest-" + newCallId())
                        .occurredAt(Instant.now(), "vendor").state(CallState.COMPLETED).outcome(Outcome.DO_NOT_CONTACT)
                        .durations(10, null).prospect(new CanonicalDisposition.Prospect(hostile, null, null)).build();
                deliver(new DeliveryBatch("globex", crm,
                        List.of(new DeliveryItem(990_000L + crm.length(), "evt-" + crm, 1, event, null, DeliveryItem.DO_NOT_CONTACT))));
            }
            // An update of a record written earlier: its id (the CRM's own answer, stored) goes in the path encoded too.
            for (String crm : List.of("salesforce", "hubspot")) {
                var event = CanonicalDisposition.builder("globex", "generic", "past-ingest-" + newCallId())
                        .occurredAt(Instant.now(), "vendor").state(CallState.COMPLETED).outcome(Outcome.BUSY).durations(10, null).build();
                deliver(new DeliveryBatch("globex", crm,
                        List.of(new DeliveryItem(991_000L + crm.length(), "evt-u-" + crm, 1, event, "..", DeliveryItem.ACTIVITY))));
            }
            // Each connector checks a person id against its syntax again (an event stored before ingest checked ids,
            // a dead letter replayed): none of these reached a stand-in at all.
            assertThat(urlsMentioning(SALESFORCE, "00Q000000000001AAA")).isEmpty();
            assertThat(urlsMentioning(HUBSPOT, "companies")).isEmpty();
            assertThat(urlsMentioning(BULLHORN, "Candidate%2F1")).isEmpty();
            assertThat(urlsMentioning(BULLHORN, "Candidate/1")).isEmpty();
            // A record id of '..' goes as data in the update's body, to the collection's fixed path.
            assertThat(urlsMentioning(SALESFORCE, "%2E%2E")).isEmpty();
            assertThat(salesforceUpdatesOf("..")).as("a record id of '..'").hasSize(1);
            assertThat(urlsMentioning(HUBSPOT, "%2E%2E")).isEmpty();
            assertThat(hubspotInputs("/crm/v3/objects/calls/batch/update", "\"..\"")).hasSize(1);
        } finally {
            for (int i = 0; i < catchAll.size(); i++) {
                List.of(SALESFORCE, HUBSPOT, BULLHORN).get(i).removeStub(catchAll.get(i));
            }
        }
    }
}
