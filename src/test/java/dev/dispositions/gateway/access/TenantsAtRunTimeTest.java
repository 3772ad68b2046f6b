package dev.dispositions.gateway.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dispositions.gateway.GatewayIntegrationTest;
import dev.dispositions.gateway.TestCall;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A dialer vendor onboards a customer with the API alone: creates the tenant and its dialer connection, the
 * customer's webhooks verify at once, the secret rotates without a refused webhook, and the tenant goes when disabled.
 * A tenant from the configuration is listed read-only.
 */
class TenantsAtRunTimeTest extends GatewayIntegrationTest {
    private static final Map<String, String> OPERATOR = KeysAndRolesTest.OPERATOR;
    private static final String FIRST = "whsec_Zmlyc3QtaW5pdGVjaC1zaWduaW5nLWtleQ==";
    private static final String SECOND = "whsec_c2Vjb25kLWluaXRlY2gtc2lnbmluZy1rZXk=";

    private Reply send(String tenant, String secret) {
        TestCall call = TestCall.of(newCallId(), "Left voicemail");
        return postGeneric("/webhooks/" + tenant + "/generic", secret, "msg_" + newCallId(), call.json());
    }

    private Reply json(String method, String path, Map<String, String> key, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
        key.forEach(b::header);
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), null, r.body().isBlank() ? null : this.json.readTree(r.body()), r.body());
    }

    private void deleteOnceSettled(String tenant) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15)).pollInterval(java.time.Duration.ofMillis(500))
                .until(() -> json("DELETE", "/api/tenants/" + tenant, OPERATOR, "").status() == 200);
    }

    @Test
    void aVendorOnboardsACustomerWithTheApiAlone() throws Exception {
        String tenant = "initech-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(json("POST", "/api/tenants", OPERATOR, "{\"id\":\"" + tenant + "\"}").status()).isEqualTo(201);
        assertThat(json("POST", "/api/tenants", OPERATOR, "{\"id\":\"" + tenant + "\"}").body().path("reason").asText()).isEqualTo("tenant_exists");
        assertThat(send(tenant, FIRST).status()).as("no dialer connection yet").isNotEqualTo(202);

        Reply connected = json("PUT", "/api/tenants/" + tenant + "/dialers/generic", OPERATOR, "{\"secret\":\"" + FIRST + "\",\"defaultRegion\":\"gb\"}");
        assertThat(connected.status()).as(connected.raw()).isEqualTo(200);
        assertThat(connected.raw()).doesNotContain(FIRST).contains("hmac:");
        assertThat(connected.body().path("dialer").path("defaultRegion").asText()).isEqualTo("GB");
        Reply accepted = send(tenant, FIRST);
        assertThat(accepted.status()).as(accepted.raw()).isEqualTo(202);
        assertThat(event(accepted.body().path("eventId").asText()).path("tenant").asText()).isEqualTo(tenant);

        // Rotation: the new secret at once, the old one still for an hour, a stranger's never.
        Reply rotated = json("POST", "/api/tenants/" + tenant + "/dialers/generic/rotate", OPERATOR,
                "{\"secret\":\"" + SECOND + "\",\"previousValidFor\":\"PT1H\"}");
        assertThat(rotated.status()).as(rotated.raw()).isEqualTo(200);
        assertThat(rotated.body().path("dialer").path("previousSecretFingerprint").asText())
                .isEqualTo(connected.body().path("dialer").path("secretFingerprint").asText());
        assertThat(send(tenant, SECOND).status()).isEqualTo(202);
        assertThat(send(tenant, FIRST).status()).isEqualTo(202);
        assertThat(send(tenant, GLOBEX_SECRET).status()).isEqualTo(401);
        assertThat(json("POST", "/api/tenants/" + tenant + "/dialers/generic/rotate", OPERATOR,
                "{\"secret\":\"" + FIRST + "\",\"previousValidFor\":\"PT0S\"}").status()).isEqualTo(200);
        assertThat(send(tenant, FIRST).status()).isEqualTo(202);
        assertThat(send(tenant, SECOND).status()).as("the replaced secret, its overlap over").isEqualTo(401);

        // The customer's own admin manages its connection, and nothing of anyone else's.
        Reply key = postRaw("/api/keys", "application/json", OPERATOR, "{\"name\":\"initech admin\",\"role\":\"tenant-admin\",\"tenant\":\"" + tenant + "\"}");
        Map<String, String> admin = KeysAndRolesTest.key(key.body().path("secret").asText());
        assertThat(json("PUT", "/api/tenants/" + tenant + "/dialers/generic", admin, "{\"possibleOptOut\":\"reject\"}").status()).isEqualTo(200);
        assertThat(json("PUT", "/api/tenants/globex/dialers/generic", admin, "{\"possibleOptOut\":\"reject\"}").status()).isEqualTo(404);
        assertThat(json("POST", "/api/tenants", admin, "{\"id\":\"other-" + tenant + "\"}").status()).isEqualTo(403);
        JsonNode theirs = getRaw("/api/tenants", admin).body().path("tenants");
        assertThat(theirs).hasSize(1);
        assertThat(theirs.get(0).path("id").asText()).isEqualTo(tenant);

        // Disabled, its webhooks are refused; deleted, its events stay.
        assertThat(json("DELETE", "/api/tenants/" + tenant, OPERATOR, "").body().path("reason").asText()).isEqualTo("tenant_enabled");
        assertThat(json("PATCH", "/api/tenants/" + tenant, OPERATOR, "{\"enabled\":false}").status()).isEqualTo(200);
        assertThat(send(tenant, FIRST).status()).isEqualTo(404);
        Reply tooSoon = json("DELETE", "/api/tenants/" + tenant, OPERATOR, "");
        assertThat(tooSoon.body().path("reason").asText()).as("every replica must have seen the disable").isEqualTo("tenant_just_disabled");
        deleteOnceSettled(tenant);
        // Its keys go with it (revocation reaches every replica within the key cache's few seconds).
        org.awaitility.Awaitility.await().atMost(ApiKeys.REVOCATION_DELAY.plusSeconds(5))
                .until(() -> getRaw("/api/connectors", admin).status() == 401);
        assertThat(getRaw("/api/events/" + accepted.body().path("eventId").asText(), OPERATOR).status()).isEqualTo(200);

        JsonNode audit = getRaw("/api/audit?tenant=" + tenant + "&limit=500", OPERATOR).body().path("entries");
        assertThat(audit).extracting(e -> e.path("action").asText())
                .contains("tenant.create", "dialer.create", "dialer.rotate", "dialer.update", "tenant.disable", "tenant.delete");
        assertThat(audit.toString()).doesNotContain(FIRST).doesNotContain(SECOND);
    }

    @Test
    void aTenantFromTheConfigurationIsReadOnlyThroughTheApi() throws Exception {
        Reply refused = json("POST", "/api/tenants", OPERATOR, "{\"id\":\"globex\"}");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body().path("reason").asText()).isEqualTo("configured_tenant");
        assertThat(refused.body().path("detail").asText()).contains("gateway.tenants");
        assertThat(json("PUT", "/api/tenants/globex/dialers/generic", OPERATOR, "{\"secret\":\"x\"}").status()).isEqualTo(409);
        assertThat(json("PATCH", "/api/tenants/globex", OPERATOR, "{\"enabled\":false}").status()).isEqualTo(409);
        JsonNode listed = getRaw("/api/tenants", OPERATOR).body().path("tenants");
        assertThat(listed).anySatisfy(t -> {
            assertThat(t.path("id").asText()).isEqualTo("globex");
            assertThat(t.path("source").asText()).isEqualTo("configuration");
            assertThat(t.path("readOnly").asBoolean()).isTrue();
        });
        assertThat(json("POST", "/api/tenants", OPERATOR, "{\"id\":\"Not_A_Tenant\"}").body().path("field").asText()).isEqualTo("id");
    }

    /** The whole onboarding, with the API alone: tenant, dialer, CRM, install check, a key for the customer's admin. */
    @Test
    void aCustomerIsOnboardedEndToEndAndItsCallsReachItsCrm() throws Exception {
        String tenant = "hooli-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(json("POST", "/api/tenants", OPERATOR, "{\"id\":\"" + tenant + "\"}").status()).isEqualTo(201);
        assertThat(json("PUT", "/api/tenants/" + tenant + "/dialers/generic", OPERATOR, "{\"secret\":\"" + FIRST + "\"}").status()).isEqualTo(200);
        Reply incomplete = json("PUT", "/api/tenants/" + tenant + "/crms/salesforce", OPERATOR, "{\"client-id\":\"demo-client-id\"}");
        assertThat(incomplete.status()).isEqualTo(400);
        assertThat(incomplete.body().path("detail").asText()).contains("login-url");
        Reply wrongKind = json("PUT", "/api/tenants/" + tenant + "/crms/salesforce", OPERATOR, "{\"login-url\":\"" + SALESFORCE.baseUrl()
                + "\",\"client-id\":\"demo-client-id\",\"client-secret\":\"demo-client-secret\",\"batch-size\":\"many\"}");
        assertThat(wrongKind.status()).isEqualTo(400);
        assertThat(wrongKind.body().path("field").asText()).isEqualTo("batch-size");
        Reply connected = json("PUT", "/api/tenants/" + tenant + "/crms/salesforce", OPERATOR, "{\"login-url\":\"" + SALESFORCE.baseUrl()
                + "\",\"client-id\":\"demo-client-id\",\"client-secret\":\"demo-client-secret\"}");
        assertThat(connected.status()).as(connected.raw()).isEqualTo(200);
        assertThat(connected.raw()).doesNotContain("demo-client-secret").contains("\"client-secret\":\"(set)\"").contains("demo-client-id");

        Reply key = postRaw("/api/keys", "application/json", OPERATOR, "{\"name\":\"hooli crm admin\",\"role\":\"tenant-admin\",\"tenant\":\"" + tenant + "\"}");
        Map<String, String> admin = KeysAndRolesTest.key(key.body().path("secret").asText());
        Reply check = getRaw("/api/connectors/" + tenant + "/salesforce/check", admin);
        assertThat(check.status()).as(check.raw()).isEqualTo(200);
        assertThat(check.body().path("ok").asBoolean()).as(check.raw()).isTrue();

        String callId = newCallId();
        Reply accepted = postGeneric("/webhooks/" + tenant + "/generic", FIRST, "msg_" + callId, TestCall.of(callId, "Left voicemail").json());
        assertThat(accepted.status()).as(accepted.raw()).isEqualTo(202);
        String eventId = accepted.body().path("eventId").asText();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .until(() -> "delivered".equals(getRaw("/api/events/" + eventId, admin).body().path("status").asText()));
        assertThat(tasksFor(callId)).hasSize(1);
        JsonNode connectors = getRaw("/api/connectors", admin).body();
        assertThat(connectors).hasSize(1);
        assertThat(connectors.get(0).path("tenant").asText()).isEqualTo(tenant);
        assertThat(getRaw("/api/events/" + accepted(TestCall.of(newCallId(), "Left voicemail")), admin).status())
                .as("another tenant's event").isEqualTo(404);
    }

    @Test
    void aTenantWithADoNotContactStillToDeliverCannotBeDeleted() throws Exception {
        String tenant = "umbrella-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(json("POST", "/api/tenants", OPERATOR, "{\"id\":\"" + tenant + "\"}").status()).isEqualTo(201);
        assertThat(json("PUT", "/api/tenants/" + tenant + "/dialers/generic", OPERATOR, "{\"secret\":\"" + FIRST + "\"}").status()).isEqualTo(200);
        assertThat(json("PUT", "/api/tenants/" + tenant + "/crms/salesforce", OPERATOR, "{\"login-url\":\"" + SALESFORCE.baseUrl()
                + "\",\"client-id\":\"demo-client-id\",\"client-secret\":\"demo-client-secret\"}").status()).isEqualTo(200);
        // Paused, so the opt-out waits: a do-not-contact not yet made.
        assertThat(postRaw("/api/connectors/" + tenant + "/salesforce/pause", "application/json", OPERATOR, "{}").status()).isEqualTo(200);
        String callId = newCallId();
        Reply optOut = postGeneric("/webhooks/" + tenant + "/generic", FIRST, "msg_" + callId, """
                {"type":"call.ended","callId":"%s","occurredAt":"2026-11-23T17:00:00Z","outcome":"DO_NOT_CONTACT",
                 "prospect":{"crmIds":{"salesforce":"003000000000991AAA"}}}""".formatted(callId));
        assertThat(optOut.status()).as(optOut.raw()).isEqualTo(202);

        assertThat(json("PATCH", "/api/tenants/" + tenant, OPERATOR, "{\"enabled\":false}").status()).isEqualTo(200);
        Reply[] last = new Reply[1];
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15)).pollInterval(java.time.Duration.ofMillis(500)).until(() -> {
            last[0] = json("DELETE", "/api/tenants/" + tenant, OPERATOR, "");
            return !"tenant_just_disabled".equals(last[0].body().path("reason").asText());
        });
        Reply refused = last[0];
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body().path("reason").asText()).isEqualTo("do_not_contact_pending");
        assertThat(getRaw("/api/tenants/" + tenant, OPERATOR).status()).as("still there").isEqualTo(200);

        // Disabled, it takes no webhook, but what it accepted is still delivered: resumed, the opt-out is made, then it can go.
        assertThat(postGeneric("/webhooks/" + tenant + "/generic", FIRST, "msg_" + newCallId(), TestCall.of(newCallId(), "Left voicemail").json())
                .status()).isEqualTo(404);
        assertThat(postRaw("/api/connectors/" + tenant + "/salesforce/resume", "application/json", OPERATOR, "").status()).isEqualTo(200);
        String eventId = optOut.body().path("eventId").asText();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .until(() -> "delivered".equals(event(eventId).path("status").asText()));
        deleteOnceSettled(tenant);
    }

    @Test
    void aRunTimeTenantsCallReachesHubspotAndBullhornToo() throws Exception {
        String tenant = "stark-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(json("POST", "/api/tenants", OPERATOR, "{\"id\":\"" + tenant + "\"}").status()).isEqualTo(201);
        assertThat(json("PUT", "/api/tenants/" + tenant + "/dialers/generic", OPERATOR, "{\"secret\":\"" + FIRST + "\"}").status()).isEqualTo(200);
        Reply hubspot = json("PUT", "/api/tenants/" + tenant + "/crms/hubspot", OPERATOR,
                "{\"base-url\":\"" + HUBSPOT.baseUrl() + "\",\"access-token\":\"pat-na1-demo-token\"}");
        assertThat(hubspot.status()).as(hubspot.raw()).isEqualTo(200);
        assertThat(hubspot.raw()).doesNotContain("pat-na1-demo-token");
        Reply bullhorn = json("PUT", "/api/tenants/" + tenant + "/crms/bullhorn", OPERATOR, "{\"oauth-url\":\"" + BULLHORN.baseUrl()
                + "/oauth\",\"rest-login-url\":\"" + BULLHORN.baseUrl() + "/rest-services\",\"client-id\":\"demo-bh-client\","
                + "\"client-secret\":\"demo-bh-secret\",\"username\":\"api.globex\",\"password\":\"demo-bh-password\","
                + "\"commenting-person-id\":1234}");
        assertThat(bullhorn.status()).as(bullhorn.raw()).isEqualTo(200);
        assertThat(bullhorn.raw()).doesNotContain("demo-bh-password").doesNotContain("demo-bh-secret");

        String callId = newCallId();
        Reply accepted = postGeneric("/webhooks/" + tenant + "/generic", FIRST, "msg_" + callId,
                TestCall.of(callId, "Left voicemail").knownPerson().json());
        assertThat(accepted.status()).as(accepted.raw()).isEqualTo(202);
        String eventId = accepted.body().path("eventId").asText();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .until(() -> "delivered".equals(event(eventId).path("status").asText()));
        assertThat(event(eventId).path("deliveries")).extracting(d -> d.path("crm").asText() + " " + d.path("status").asText())
                .contains("hubspot DELIVERED", "bullhorn DELIVERED");
        assertThat(hubspotCallsFor(callId)).hasSize(1);
    }

    /** What a tenant key could turn against the gateway: files, other hosts, settings spelled to dodge the masking. */
    @Test
    void aCrmConnectionTakesNoFileNoForeignUrlFromATenantKeyAndNoUnknownSetting() throws Exception {
        String tenant = "wayne-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(json("POST", "/api/tenants", OPERATOR, "{\"id\":\"" + tenant + "\"}").status()).isEqualTo(201);
        String url = SALESFORCE.baseUrl();
        Reply file = json("PUT", "/api/tenants/" + tenant + "/crms/salesforce", OPERATOR, "{\"login-url\":\"" + url
                + "\",\"client-id\":\"demo-client-id\",\"client-secret\":\"file:/proc/self/environ\"}");
        assertThat(file.status()).isEqualTo(400);
        assertThat(file.body().path("detail").asText()).contains("client-secret", "file:");
        Reply unknown = json("PUT", "/api/tenants/" + tenant + "/crms/salesforce", OPERATOR, "{\"login-url\":\"" + url
                + "\",\"client-id\":\"demo-client-id\",\"client-secret\":\"demo-client-secret\",\"exfiltrate-to\":\"x\"}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body().path("detail").asText()).contains("exfiltrate-to is not a setting");
        Reply spelled = json("PUT", "/api/tenants/" + tenant + "/crms/salesforce", OPERATOR, "{\"loginUrl\":\"" + url
                + "\",\"client_id\":\"demo-client-id\",\"client-sec-ret\":\"demo-client-secret\"}");
        assertThat(spelled.status()).as(spelled.raw()).isEqualTo(200);
        assertThat(spelled.raw()).doesNotContain("demo-client-secret").contains("\"client-secret\":\"(set)\"", "\"login-url\"");

        Reply key = postRaw("/api/keys", "application/json", OPERATOR, "{\"name\":\"wayne admin\",\"role\":\"tenant-admin\",\"tenant\":\"" + tenant + "\"}");
        Map<String, String> admin = KeysAndRolesTest.key(key.body().path("secret").asText());
        Reply elsewhere = json("PUT", "/api/tenants/" + tenant + "/crms/salesforce", admin, "{\"login-url\":\"https://collector.example\","
                + "\"client-id\":\"demo-client-id\",\"client-secret\":\"demo-client-secret\"}");
        assertThat(elsewhere.status()).isEqualTo(403);
        assertThat(elsewhere.body().path("field").asText()).isEqualTo("login-url");
        Reply newSecret = json("PUT", "/api/tenants/" + tenant + "/crms/salesforce", admin,
                "{\"client-id\":\"demo-client-id\",\"client-secret\":\"demo-client-secret\"}");
        assertThat(newSecret.status()).as("the operator's URL is kept: " + newSecret.raw()).isEqualTo(200);
        assertThat(newSecret.body().path("crm").path("settings").path("login-url").asText()).isEqualTo(url);
    }

    @Test
    void aRotatedOutSecretIsMaskedInTheStoredPayloadToo() throws Exception {
        String tenant = "oscorp-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(json("POST", "/api/tenants", OPERATOR, "{\"id\":\"" + tenant + "\"}").status()).isEqualTo(201);
        assertThat(json("PUT", "/api/tenants/" + tenant + "/dialers/generic", OPERATOR, "{\"secret\":\"" + FIRST + "\"}").status()).isEqualTo(200);
        assertThat(json("POST", "/api/tenants/" + tenant + "/dialers/generic/rotate", OPERATOR, "{\"secret\":\"" + SECOND + "\"}").status())
                .isEqualTo(200);
        String callId = newCallId();
        Reply accepted = postGeneric("/webhooks/" + tenant + "/generic", FIRST, "msg_" + callId,
                TestCall.of(callId, "Left voicemail").notes("old key " + FIRST + " new key " + SECOND).json());
        assertThat(accepted.status()).as(accepted.raw()).isEqualTo(202);
        String raw = event(accepted.body().path("eventId").asText()).path("rawPayload").asText();
        assertThat(raw).contains(callId).doesNotContain(FIRST).doesNotContain(SECOND);
        assertThat(json("PUT", "/api/tenants/" + tenant + "/dialers/generic", OPERATOR, "{\"secret\":\"short\"}").body().path("field").asText())
                .isEqualTo("secret");
    }
}
