package dev.dispositions.gateway.crm.salesforce;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import dev.dispositions.gateway.GatewayIntegrationTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A tenant whose Salesforce policy for unknown callers is {@code create-lead}: a caller no search finds gets one Lead,
 * with the mapping's stand-ins for what the dialer did not send, even when the create's answer is lost or two calls
 * from the new number arrive at once; every later call from the number is linked to it. Under {@code fail} such a
 * call is a dead letter whose hint says what to do.
 */
class UnknownPeopleTest extends GatewayIntegrationTest {
    private static final String SECRET = "whsec_bGVhZHMtdGVuYW50LXNpZ25pbmcta2V5LTAx";
    private static final String LEADS = "/services/data/v61.0/sobjects/Lead";
    private final List<StubMapping> stubs = new ArrayList<>();
    private String tenant;

    @BeforeEach
    void aTenantThatCreatesLeads() throws Exception {
        tenant = "leads-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(asOperator("POST", "/api/tenants", "{\"id\":\"" + tenant + "\"}").status()).isEqualTo(201);
        assertThat(asOperator("PUT", "/api/tenants/" + tenant + "/dialers/generic", "{\"secret\":\"" + SECRET + "\"}").status()).isEqualTo(200);
        connect("create-lead");
    }

    @AfterEach
    void removeStubs() {
        stubs.forEach(SALESFORCE::removeStub);
    }

    private void connect(String policy) throws Exception {
        Reply r = asOperator("PUT", "/api/tenants/" + tenant + "/crms/salesforce", "{\"login-url\":\"" + SALESFORCE.baseUrl()
                + "\",\"client-id\":\"demo-client-id\",\"client-secret\":\"demo-client-secret\",\"unknown-person\":\"" + policy + "\"}");
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
    }

    private static String newNumber() {
        return "+1415" + (1_000_000 + ThreadLocalRandom.current().nextInt(8_999_999));
    }

    private String call(String callId, String outcome, String phone, String name, String company) throws Exception {
        var body = json.createObjectNode().put("type", "call.ended").put("callId", callId).put("outcome", outcome)
                .put("occurredAt", java.time.Instant.now().toString()).put("direction", "OUTBOUND");
        var prospect = body.putObject("prospect").put("phone", phone);
        if (name != null) {
            prospect.put("name", name).put("company", company);
        }
        Reply r = postGeneric("/webhooks/" + tenant + "/generic", SECRET, "msg_" + callId, body.toString());
        assertThat(r.status()).as(r.raw()).isEqualTo(202);
        return r.body().path("eventId").asText();
    }

    private static List<JsonNode> leadsCreatedFor(String phone) throws Exception {
        List<JsonNode> leads = new ArrayList<>();
        for (var r : SALESFORCE.findAll(postRequestedFor(urlPathMatching(LEADS)).withRequestBody(containing(phone)))) {
            leads.add(new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.getBodyAsString()));
        }
        return leads;
    }

    private String whoOf(String callId) {
        return tasksFor(callId).get(tasksFor(callId).size() - 1).record().path("WhoId").asText(null);
    }

    @Test
    void aLostCreateAnswerIsLookedUpNotRepeatedAndTheNextCallFindsTheLead() throws Exception {
        String phone = newNumber();
        String scenario = "lead for " + phone;
        stubs.add(SALESFORCE.stubFor(post(urlPathMatching(LEADS)).atPriority(1).withRequestBody(containing(phone))
                .inScenario(scenario).whenScenarioStateIs(Scenario.STARTED).willSetStateTo("created")
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))));
        stubs.add(SALESFORCE.stubFor(get(urlPathMatching("/services/data/v61.0/query")).atPriority(1)
                .withQueryParam("q", matching(".*FROM Lead WHERE Phone = '\\" + phone + "'.*"))
                .inScenario(scenario).whenScenarioStateIs("created").willReturn(aResponse().withStatus(200)
                        .withHeader("Content-Type", "application/json").withBody("{\"totalSize\":1,\"done\":true,\"records\":"
                                + "[{\"attributes\":{\"type\":\"Lead\"},\"Id\":\"00Q000000000999AAA\"}]}"))));

        String first = "lead-lost-" + newCallId();
        String firstEvent = call(first, "LEFT_VOICEMAIL", phone, "Ada Lovelace", "Analytical Engines");
        await().atMost(Duration.ofSeconds(20)).until(() -> "DELIVERED".equals(delivery(firstEvent, "salesforce").path("status").asText()));
        assertThat(delivery(firstEvent, "salesforce").path("attempts").asInt()).as("the lost answer cost an attempt").isEqualTo(2);
        assertThat(whoOf(first)).isEqualTo("00Q000000000999AAA");
        List<JsonNode> leads = leadsCreatedFor(phone);
        assertThat(leads).as("one create; the retry looked the number up and found it").hasSize(1);
        assertThat(leads.get(0).path("FirstName").asText()).isEqualTo("Ada");
        assertThat(leads.get(0).path("LastName").asText()).isEqualTo("Lovelace");
        assertThat(leads.get(0).path("Company").asText()).isEqualTo("Analytical Engines");
        assertThat(leads.get(0).path("Phone").asText()).isEqualTo(phone);
        assertThat(delivery(firstEvent, "salesforce").path("lastDetail").asText()).contains("which the gateway created for the caller " + phone);

        String second = "lead-again-" + newCallId();
        String secondEvent = call(second, "NO_ANSWER", phone, null, null);
        await().atMost(Duration.ofSeconds(20)).until(() -> "DELIVERED".equals(delivery(secondEvent, "salesforce").path("status").asText()));
        assertThat(whoOf(second)).isEqualTo("00Q000000000999AAA");
        assertThat(leadsCreatedFor(phone)).hasSize(1);
    }

    @Test
    void twoCallsFromOneNewNumberAtOnceMakeOneLeadWithStandInsForWhatWasNotSent() throws Exception {
        String phone = newNumber();
        String a = "lead-a-" + newCallId();
        String b = "lead-b-" + newCallId();
        var sent = List.of(java.util.concurrent.CompletableFuture.supplyAsync(() -> quietly(a, phone)),
                java.util.concurrent.CompletableFuture.supplyAsync(() -> quietly(b, phone)));
        List<String> events = sent.stream().map(java.util.concurrent.CompletableFuture::join).toList();
        await().atMost(Duration.ofSeconds(30)).until(() -> events.stream().allMatch(e -> "DELIVERED".equals(delivery(e, "salesforce").path("status").asText())));

        List<JsonNode> leads = leadsCreatedFor(phone);
        assertThat(leads).hasSize(1);
        assertThat(leads.get(0).path("LastName").asText()).isEqualTo("Unknown caller " + phone);
        assertThat(leads.get(0).path("Company").asText()).isEqualTo("[not provided]");
        assertThat(whoOf(a)).startsWith("00Q").isEqualTo(whoOf(b));
    }

    private String quietly(String callId, String phone) {
        try {
            return call(callId, "BUSY", phone, null, null);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void anOptOutFromAnUnknownCallerCreatesTheLeadAlreadyFlagged() throws Exception {
        String phone = newNumber();
        String eventId = call("lead-dnc-" + newCallId(), "DO_NOT_CONTACT", phone, null, null);
        await().atMost(Duration.ofSeconds(20)).until(() -> "DELIVERED".equals(delivery(eventId, "salesforce", "do-not-contact").path("status").asText()));
        List<JsonNode> leads = leadsCreatedFor(phone);
        assertThat(leads).hasSize(1);
        assertThat(leads.get(0).path("DoNotCall").asBoolean()).isTrue();
    }

    @Test
    void underFailAnUnknownCallerIsADeadLetterWithAHintAndAnUnknownPolicyIsRefusedByName() throws Exception {
        Reply wrong = asOperator("PUT", "/api/tenants/" + tenant + "/crms/salesforce", "{\"login-url\":\"" + SALESFORCE.baseUrl()
                + "\",\"client-id\":\"demo-client-id\",\"client-secret\":\"demo-client-secret\",\"unknown-person\":\"create-deal\"}");
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.raw()).contains("unknown-person");
        connect("fail");
        String phone = newNumber();
        String eventId = call("lead-fail-" + newCallId(), "BUSY", phone, null, null);
        await().atMost(Duration.ofSeconds(20)).until(() -> "FAILED".equals(delivery(eventId, "salesforce").path("status").asText()));
        long id = delivery(eventId, "salesforce").path("id").asLong();
        JsonNode dead = asOperator("GET", "/api/dead-letters/" + id, "").body().path("deadLetter");
        assertThat(dead.path("crmError").asText()).contains("unknown-person policy is fail");
        assertThat(dead.path("hint").asText()).contains("set their salesforce id on the event (Fix) and replay");
        assertThat(leadsCreatedFor(phone)).isEmpty();
    }
}
