package dev.dispositions.gateway.crm.bullhorn;

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
 * Bullhorn under {@code create-candidate}: a caller no query finds becomes one Candidate (a Note cannot exist without
 * its person), the Note lands on it, and the next call from the number finds it; {@code create-contact} needs the
 * ClientCorporation its contacts belong to.
 */
class BullhornUnknownPeopleTest extends GatewayIntegrationTest {
    private static final String SECRET = "whsec_YnVsbGhvcm4tbGVhZHMtc2lnbmluZy1rZXk=";
    private static final String CANDIDATES = "/rest-services/corp7x/entity/Candidate";
    private static final String NOTES = "/rest-services/corp7x/entity/Note";

    private String connect(String settings) throws Exception {
        String tenant = "bh-new-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(asOperator("POST", "/api/tenants", "{\"id\":\"" + tenant + "\"}").status()).isEqualTo(201);
        assertThat(asOperator("PUT", "/api/tenants/" + tenant + "/dialers/generic", "{\"secret\":\"" + SECRET + "\"}").status()).isEqualTo(200);
        Reply r = asOperator("PUT", "/api/tenants/" + tenant + "/crms/bullhorn", "{\"oauth-url\":\"" + BULLHORN.baseUrl() + "/oauth\","
                + "\"rest-login-url\":\"" + BULLHORN.baseUrl() + "/rest-services\",\"client-id\":\"demo-bh-client\",\"client-secret\":\"demo-bh-secret\","
                + "\"username\":\"api.globex\",\"password\":\"demo-bh-password\"" + settings + "}");
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

    private List<JsonNode> sent(String path, String text) throws Exception {
        List<JsonNode> bodies = new ArrayList<>();
        for (var r : BULLHORN.findAll(putRequestedFor(urlPathEqualTo(path)).withRequestBody(containing(text)))) {
            bodies.add(json.readTree(r.getBodyAsString()));
        }
        return bodies;
    }

    @Test
    void anUnknownCallerBecomesOneCandidateAndTheNotesLandOnIt() throws Exception {
        String tenant = connect(",\"unknown-person\":\"create-candidate\"");
        assertThat(tenant).startsWith("bh-new-");
        String phone = "+1646" + (1_000_000 + ThreadLocalRandom.current().nextInt(8_999_999));
        String first = "bh-new-" + newCallId();
        String firstEvent = call(tenant, first, phone, "Grace Brewster Hopper");
        await().atMost(Duration.ofSeconds(20)).until(() -> "DELIVERED".equals(delivery(firstEvent, "bullhorn").path("status").asText()));

        List<JsonNode> candidates = sent(CANDIDATES, phone);
        assertThat(candidates).hasSize(1);
        assertThat(candidates.get(0).path("firstName").asText()).isEqualTo("Grace Brewster");
        assertThat(candidates.get(0).path("lastName").asText()).isEqualTo("Hopper");
        assertThat(candidates.get(0).path("phone").asText()).isEqualTo(phone);
        long person = sent(NOTES, first).get(0).path("personReference").path("id").asLong();
        assertThat(person).isBetween(600_000L, 699_999L);

        String second = "bh-again-" + newCallId();
        String secondEvent = call(tenant, second, phone, null);
        await().atMost(Duration.ofSeconds(20)).until(() -> "DELIVERED".equals(delivery(secondEvent, "bullhorn").path("status").asText()));
        assertThat(sent(NOTES, second).get(0).path("personReference").path("id").asLong()).isEqualTo(person);
        assertThat(sent(CANDIDATES, phone)).hasSize(1);
    }

    @Test
    void aClientContactNeedsItsCorporation() throws Exception {
        assertThat(connect(",\"unknown-person\":\"create-contact\"")).startsWith("refused 400").contains("new-contact-corporation-id");
        assertThat(connect(",\"unknown-person\":\"create-contact\",\"new-contact-corporation-id\":42")).startsWith("bh-new-");
    }
}
