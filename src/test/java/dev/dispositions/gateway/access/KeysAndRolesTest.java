package dev.dispositions.gateway.access;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import dev.dispositions.gateway.GatewayIntegrationTest;
import dev.dispositions.gateway.TestCall;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Keys beyond the bootstrap one: created by an operator or a tenant admin, shown once, stored hashed, revocable; a
 * tenant key sees and changes only its own tenant; a viewer only reads; every write is in the admin audit with its
 * key's name.
 */
class KeysAndRolesTest extends GatewayIntegrationTest {
    static final Map<String, String> OPERATOR = Map.of("X-Api-Key", ADMIN_KEY);
    private StubMapping refusal;
    @org.springframework.beans.factory.annotation.Autowired
    private JdbcTemplate db;

    @AfterEach
    void removeRefusal() {
        if (refusal != null) {
            SALESFORCE.removeStub(refusal);
        }
    }

    /** A new key's secret, created with the given key. */
    String createKey(Map<String, String> by, String name, String role, String tenant) {
        Reply created = postRaw("/api/keys", "application/json", by, "{\"name\":\"" + name + "\",\"role\":\"" + role + "\""
                + (tenant == null ? "" : ",\"tenant\":\"" + tenant + "\"") + "}");
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return created.body().path("secret").asText();
    }

    static Map<String, String> key(String secret) {
        return Map.of("Authorization", "Bearer " + secret);
    }

    int delete(String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).DELETE();
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @Test
    void aTenantKeySeesOnlyItsOwnTenant() {
        Map<String, String> globex = key(createKey(OPERATOR, "globex support desk", "tenant-admin", "globex"));
        String ours = accepted(TestCall.of(newCallId(), "Left voicemail"));
        String theirs = accepted(TestCall.of(newCallId(), "Left voicemail").asTenant("default"));

        assertThat(getRaw("/api/events/" + ours, globex).status()).isEqualTo(200);
        Reply other = getRaw("/api/events/" + theirs, globex);
        assertThat(other.status()).isEqualTo(404);
        assertThat(other.raw()).as("as if it did not exist").contains("unknown_event").doesNotContain("default");
        assertThat(getRaw("/api/events/" + theirs, OPERATOR).status()).isEqualTo(200);

        JsonNode listed = getRaw("/api/events?limit=500", globex).body().path("events");
        assertThat(listed).isNotEmpty().allSatisfy(e -> assertThat(e.path("tenant").asText()).isEqualTo("globex"));
        assertThat(getRaw("/api/events?tenant=default", globex).status()).isEqualTo(404);
        assertThat(getRaw("/api/connectors", globex).body()).isNotEmpty()
                .allSatisfy(c -> assertThat(c.path("tenant").asText()).isEqualTo("globex"));
        assertThat(getRaw("/api/connectors/default/salesforce", globex).status()).isEqualTo(404);
        assertThat(getRaw("/api/connectors/globex/salesforce", globex).status()).isEqualTo(200);
    }

    @Test
    void aViewerReadsButChangesNothing() {
        Map<String, String> viewer = key(createKey(OPERATOR, "globex wallboard", "tenant-viewer", "globex"));
        assertThat(getRaw("/api/connectors/globex/hubspot", viewer).status()).isEqualTo(200);
        Reply pause = postRaw("/api/connectors/globex/hubspot/pause", "application/json", viewer, "{}");
        assertThat(pause.status()).isEqualTo(403);
        assertThat(pause.body().path("detail").asText()).contains("tenant-viewer").contains("tenant-admin");
        assertThat(postRaw("/api/keys", "application/json", viewer, "{\"name\":\"x\",\"role\":\"tenant-viewer\",\"tenant\":\"globex\"}")
                .status()).isEqualTo(403);
        assertThat(postRaw("/api/mappings/crms/reload", "application/json", viewer, "{}").status()).isEqualTo(403);
    }

    @Test
    void aTenantAdminMakesKeysOnlyForItsOwnTenantAndNoOperators() {
        Map<String, String> admin = key(createKey(OPERATOR, "globex admin", "tenant-admin", "globex"));
        assertThat(postRaw("/api/keys", "application/json", admin, "{\"name\":\"root\",\"role\":\"operator\"}").status()).isEqualTo(403);
        assertThat(postRaw("/api/keys", "application/json", admin, "{\"name\":\"x\",\"role\":\"tenant-admin\",\"tenant\":\"default\"}")
                .status()).isEqualTo(403);
        String viewer = createKey(admin, "globex reports", "tenant-viewer", "globex");
        assertThat(getRaw("/api/connectors", key(viewer)).status()).isEqualTo(200);
        assertThat(getRaw("/api/keys", admin).body().path("keys"))
                .allSatisfy(k -> assertThat(k.path("tenant").asText()).isEqualTo("globex"));
        assertThat(postRaw("/api/keys", "application/json", OPERATOR, "{\"name\":\"x\",\"role\":\"tenant-admin\"}").body()
                .path("field").asText()).isEqualTo("tenant");
        assertThat(postRaw("/api/keys", "application/json", OPERATOR, "{\"name\":\"x\",\"role\":\"owner\"}").body()
                .path("field").asText()).isEqualTo("role");
    }

    @Test
    void aKeyIsShownOnceKeptAsAHashAndStopsWorkingWhenRevoked() throws Exception {
        Reply created = postRaw("/api/keys", "application/json", OPERATOR, "{\"name\":\"ci pipeline\",\"role\":\"tenant-viewer\",\"tenant\":\"globex\"}");
        String secret = created.body().path("secret").asText();
        String id = created.body().path("key").path("id").asText();
        assertThat(secret).startsWith("dgk_").hasSizeGreaterThan(40);
        assertThat(getRaw("/api/connectors", key(secret)).status()).isEqualTo(200);

        Reply listed = getRaw("/api/keys", OPERATOR);
        assertThat(listed.raw()).contains(id).contains("ci pipeline").doesNotContain(secret);
        assertThat(db.queryForObject("select count(*) from api_key where key_hash = ? or key_prefix = ?", Integer.class, secret, secret)).isZero();
        assertThat(db.queryForObject("select last_used_at from api_key where id = ?", java.time.OffsetDateTime.class, id)).isNotNull();

        assertThat(delete("/api/keys/" + id, OPERATOR)).isEqualTo(200);
        assertThat(delete("/api/keys/" + id, OPERATOR)).isEqualTo(409);
        await().atMost(ApiKeys.REVOCATION_DELAY.plusSeconds(5)).pollInterval(Duration.ofMillis(250))
                .until(() -> getRaw("/api/connectors", key(secret)).status() == 401);
    }

    @Test
    void everyWriteIsAuditedWithItsKeysName() {
        Map<String, String> admin = key(createKey(OPERATOR, "globex night shift", "tenant-admin", "globex"));
        assertThat(postRaw("/api/connectors/globex/hubspot/pause", "application/json", admin, "{\"reason\":\"portal migration\"}")
                .status()).isEqualTo(200);
        assertThat(postRaw("/api/connectors/globex/hubspot/resume", "application/json", admin, "").status()).isEqualTo(200);

        JsonNode entries = getRaw("/api/audit?limit=500", admin).body().path("entries");
        assertThat(entries).allSatisfy(e -> assertThat(e.path("tenant").asText()).isEqualTo("globex"));
        assertThat(entries).anySatisfy(e -> {
            assertThat(e.path("action").asText()).isEqualTo("connector.pause");
            assertThat(e.path("actor").asText()).isEqualTo("globex night shift");
            assertThat(e.path("keyId").asText()).isNotBlank();
            assertThat(e.path("role").asText()).isEqualTo("tenant-admin");
            assertThat(e.path("detail").asText()).contains("portal migration");
        });
        assertThat(entries).anySatisfy(e -> assertThat(e.path("action").asText()).isEqualTo("connector.resume"));
        JsonNode all = getRaw("/api/audit?limit=500", OPERATOR).body().path("entries");
        assertThat(all).anySatisfy(e -> {
            assertThat(e.path("action").asText()).isEqualTo("key.create");
            assertThat(e.path("actor").asText()).isEqualTo("bootstrap operator key");
            assertThat(e.path("detail").asText()).contains("globex night shift").doesNotContain("dgk_");
        });
    }

    @Test
    void aReplayOnTheTimelineNamesWhoDidIt() {
        String callId = newCallId();
        refusal = SALESFORCE.stubFor(patch(urlPathMatching(TASK_UPSERTS)).atPriority(1).withRequestBody(containing(callId))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody("[{\"message\":\"bad value for restricted picklist field\",\"errorCode\":\"INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST\","
                                + "\"fields\":[\"CallDisposition\"]}]")));
        String eventId = accepted(TestCall.of(callId, "Left voicemail"));
        await().atMost(Duration.ofSeconds(20)).until(() -> "FAILED".equals(delivery(eventId, "salesforce").path("status").asText()));
        SALESFORCE.removeStub(refusal);
        refusal = null;
        Map<String, String> admin = key(createKey(OPERATOR, "globex escalations", "tenant-admin", "globex"));
        assertThat(postRaw("/api/events/" + eventId + "/replay", "application/json", admin, "{\"reason\":\"picklist fixed\"}").status())
                .isEqualTo(200);
        assertThat(event(eventId).path("timeline")).anySatisfy(t -> assertThat(t.path("detail").asText())
                .contains("by globex escalations").contains("picklist fixed"));
    }
}
