package dev.dispositions.gateway.crm.hubspot;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dispositions.gateway.GatewayIntegrationTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * HubSpot under {@code create-contact}: a caller no search finds becomes one contact, the call is associated with it,
 * and the next call from the number finds it; under {@code fail} such a call is a dead letter.
 */
class HubspotUnknownPeopleTest extends GatewayIntegrationTest {
    private static final String SECRET = "whsec_aHVic3BvdC1sZWFkcy1zaWduaW5nLWtleQ==";

    private String connect(String settings) throws Exception {
        String tenant = "hs-new-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(asOperator("POST", "/api/tenants", "{\"id\":\"" + tenant + "\"}").status()).isEqualTo(201);
        assertThat(asOperator("PUT", "/api/tenants/" + tenant + "/dialers/generic", "{\"secret\":\"" + SECRET + "\"}").status()).isEqualTo(200);
        Reply r = asOperator("PUT", "/api/tenants/" + tenant + "/crms/hubspot", "{\"base-url\":\"" + HUBSPOT.baseUrl() + "\","
                + "\"access-token\":\"pat-na1-demo-token\"" + settings + "}");
        return r.status() == 200 ? tenant : "refused " + r.status() + " " + r.raw();
    }

    private String call(String tenant, String callId, String phone, String name) throws Exception {
        var body = json.createObjectNode().put("type", "call.ended").put("callId", callId).put("outcome", "LEFT_VOICEMAIL")
                .put("occurredAt", java.time.Instant.now().toString());
        var prospect = body.putObject("prospect").put("phone", phone);
        if (name != null) {
            prospect.put("name", name);
        }
        Reply r = postGeneric("/webhooks/" + tenant + "/generic", SECRET, "msg_" + callId, body.toString());
        assertThat(r.status()).as(r.raw()).isEqualTo(202);
        return r.body().path("eventId").asText();
    }

    private static long contactsCreatedFor(String phone) {
        return HUBSPOT.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(urlPathEqualTo("/crm/v3/objects/contacts"))
                .withRequestBody(containing(phone))).size();
    }

    private String contactOfCall(String callId) throws Exception {
        return hubspotInputs(CALL_WRITES, callId).get(0).path("associations").path(0).path("to").path("id").asText();
    }

    @Test
    void anUnknownCallerBecomesOneContactAndTheCallsAreAssociatedWithIt() throws Exception {
        String tenant = connect(",\"unknown-person\":\"create-contact\"");
        assertThat(tenant).startsWith("hs-new-");
        String phone = "+1646" + (1_000_000 + ThreadLocalRandom.current().nextInt(8_999_999));
        String first = "hs-new-" + newCallId();
        String firstEvent = call(tenant, first, phone, "Katherine Johnson");
        await().atMost(Duration.ofSeconds(20)).until(() -> "DELIVERED".equals(delivery(firstEvent, "hubspot").path("status").asText()));
        assertThat(contactsCreatedFor(phone)).isEqualTo(1);
        var created = json.readTree(HUBSPOT.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                urlPathEqualTo("/crm/v3/objects/contacts")).withRequestBody(containing(phone))).get(0).getBodyAsString()).path("properties");
        assertThat(created.path("firstname").asText()).isEqualTo("Katherine");
        assertThat(created.path("lastname").asText()).isEqualTo("Johnson");
        String contact = contactOfCall(first);
        assertThat(Long.parseLong(contact)).isBetween(800_000L, 899_999L);

        String second = "hs-again-" + newCallId();
        String secondEvent = call(tenant, second, phone, null);
        await().atMost(Duration.ofSeconds(20)).until(() -> "DELIVERED".equals(delivery(secondEvent, "hubspot").path("status").asText()));
        assertThat(contactOfCall(second)).isEqualTo(contact);
        assertThat(contactsCreatedFor(phone)).isEqualTo(1);
    }

    @Test
    void underFailAnUnknownCallerIsADeadLetter() throws Exception {
        String tenant = connect(",\"unknown-person\":\"fail\"");
        String eventId = call(tenant, "hs-fail-" + newCallId(), "+1646" + (1_000_000 + ThreadLocalRandom.current().nextInt(8_999_999)), null);
        await().atMost(Duration.ofSeconds(20)).until(() -> "FAILED".equals(delivery(eventId, "hubspot").path("status").asText()));
        assertThat(delivery(eventId, "hubspot").path("lastDetail").asText()).contains("unknown-person policy is fail");
    }
}
