package dev.dispositions.gateway.access;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dispositions.gateway.GatewayIntegrationTest;
import dev.dispositions.gateway.TestCall;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * "Connect Salesforce/HubSpot": a tenant admin starts the flow, the CRM's authorize stand-in redirects back with a
 * code, the callback exchanges it (PKCE for Salesforce), stores the refresh token sealed and runs the install check;
 * the tenant's first call is delivered with that token. A state works once; the CRM's refusal is shown, not a 500.
 */
class OAuthConnectTest extends GatewayIntegrationTest {
    private static final Map<String, String> OPERATOR = KeysAndRolesTest.OPERATOR;
    private static final String SECRET = "whsec_b2F1dGgtdGVuYW50LXNpZ25pbmcta2V5LTEyMw==";
    private static final String GRANTED = "oauth-granted-refresh-" + UUID.randomUUID();

    static {
        // The authorize pages: the admin consents and the CRM sends the browser back with a code and the state.
        SALESFORCE.stubFor(get(urlPathEqualTo("/services/oauth2/authorize")).willReturn(aResponse().withStatus(302)
                .withHeader("Location", "{{request.query.redirect_uri}}?code=sf-code-1&state={{request.query.state}}")
                .withTransformers("response-template")));
        HUBSPOT.stubFor(get(urlPathEqualTo("/oauth/authorize")).willReturn(aResponse().withStatus(302)
                .withHeader("Location", "{{request.query.redirect_uri}}?code=hs-code-1&state={{request.query.state}}")
                .withTransformers("response-template")));
        SALESFORCE.stubFor(post(urlPathEqualTo("/services/oauth2/token")).atPriority(1)
                .withRequestBody(containing("grant_type=authorization_code")).withRequestBody(containing("code=sf-code-1"))
                .withRequestBody(containing("client_secret=demo-oauth-secret")).withRequestBody(containing("code_verifier="))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"access_token\":\"00Dxx!first\",\"refresh_token\":\"" + GRANTED + "\",\"instance_url\":\""
                                + SALESFORCE.baseUrl() + "\",\"token_type\":\"Bearer\",\"issued_at\":\"1764590000000\"}")));
        SALESFORCE.stubFor(post(urlPathEqualTo("/services/oauth2/token")).atPriority(1)
                .withRequestBody(containing("grant_type=authorization_code")).withRequestBody(containing("code=sf-used-up"))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":\"invalid_grant\",\"error_description\":\"expired authorization code\"}")));
        SALESFORCE.stubFor(post(urlPathEqualTo("/services/oauth2/token")).atPriority(1)
                .withRequestBody(containing("grant_type=refresh_token")).withRequestBody(containing("refresh_token=" + GRANTED))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json;charset=UTF-8")
                        .withBodyFile("token-client-credentials.json").withTransformers("response-template")));
        HUBSPOT.stubFor(post(urlPathEqualTo("/oauth/v1/token")).atPriority(1)
                .withRequestBody(containing("grant_type=authorization_code")).withRequestBody(containing("code=hs-code-1"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"token_type\":\"bearer\",\"refresh_token\":\"demo-hs-refresh\",\"access_token\":\"hs-first\",\"expires_in\":1800}")));
    }

    private Reply call(String method, String path, Map<String, String> key, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
        key.forEach(b::header);
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.headers().firstValue("Content-Type").orElse(null),
                r.body().isBlank() || !r.body().startsWith("{") ? null : json.readTree(r.body()), r.body());
    }

    private static Map<String, String> query(String url) {
        Map<String, String> q = new LinkedHashMap<>();
        for (String pair : URI.create(url).getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            q.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return q;
    }

    /** A Connect started as the console starts it: the authorize URL, and the cookie its browser is given. */
    private record Started(Reply reply, String cookie) {
        String authorizeUrl() {
            return reply.body().path("authorizeUrl").asText();
        }
    }

    private Started start(String tenant, String crm, Map<String, String> key, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/tenants/" + tenant + "/crms/" + crm + "/connect"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
        key.forEach(b::header);
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        String cookie = r.headers().firstValue("Set-Cookie").map(c -> c.split(";", 2)[0]).orElse("");
        return new Started(new Reply(r.statusCode(), null, r.body().isBlank() ? null : json.readTree(r.body()), r.body()), cookie);
    }

    /** The CRM's redirect back to our callback after consent, as a path and query. */
    private String redirectBack(String authorizeUrl) throws Exception {
        HttpResponse<Void> crm = http.send(HttpRequest.newBuilder(URI.create(authorizeUrl)).GET().build(), HttpResponse.BodyHandlers.discarding());
        assertThat(crm.statusCode()).isEqualTo(302);
        URI back = URI.create(crm.headers().firstValue("Location").orElseThrow());
        assertThat(back.getPath()).startsWith("/oauth/callback/");
        return back.getRawPath() + "?" + back.getRawQuery();
    }

    /** What the admin's browser does: opens the authorize URL, follows the CRM's redirect to our callback with its cookie. */
    private Reply consent(Started started) throws Exception {
        return call("GET", redirectBack(started.authorizeUrl()), Map.of("Cookie", started.cookie()), "");
    }

    private Map<String, String> newTenantWithItsAdmin(String tenant) throws Exception {
        assertThat(call("POST", "/api/tenants", OPERATOR, "{\"id\":\"" + tenant + "\"}").status()).isEqualTo(201);
        assertThat(call("PUT", "/api/tenants/" + tenant + "/dialers/generic", OPERATOR, "{\"secret\":\"" + SECRET + "\"}").status()).isEqualTo(200);
        Reply key = postRaw("/api/keys", "application/json", OPERATOR, "{\"name\":\"" + tenant + " admin\",\"role\":\"tenant-admin\",\"tenant\":\"" + tenant + "\"}");
        return KeysAndRolesTest.key(key.body().path("secret").asText());
    }

    @Test
    void aTenantAdminConnectsSalesforceAndItsFirstCallIsDeliveredWithTheStoredToken() throws Exception {
        String tenant = "oauth-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> admin = newTenantWithItsAdmin(tenant);
        assertThat(call("POST", "/api/tenants/" + tenant + "/crms/salesforce/connect", admin, "{\"login\":\"https://evil.example\"}")
                .body().path("field").asText()).isEqualTo("login");

        Started started = start(tenant, "salesforce", admin, "{\"login\":\"production\"}");
        assertThat(started.reply().status()).as(started.reply().raw()).isEqualTo(200);
        assertThat(started.cookie()).startsWith("oauth_binding_salesforce=");
        String authorizeUrl = started.authorizeUrl();
        Map<String, String> asked = query(authorizeUrl);
        assertThat(asked).containsEntry("client_id", "demo-oauth-client").containsEntry("code_challenge_method", "S256")
                .containsEntry("redirect_uri", "http://localhost:8080/oauth/callback/salesforce").containsKey("state");

        // The browser comes back to this gateway's callback (the demo's public URL is :8080; the test's port differs).
        String back = redirectBack(authorizeUrl);
        Reply elsewhere = call("GET", back, Map.of(), "");
        assertThat(elsewhere.status()).as("the link opened in a browser that did not start it").isEqualTo(400);
        assertThat(elsewhere.raw()).contains("started in another browser");
        Reply done = call("GET", back, Map.of("Cookie", started.cookie()), "");
        assertThat(done.status()).as(done.raw()).isEqualTo(200);
        assertThat(done.contentType()).startsWith("text/html");
        assertThat(done.raw()).contains("Salesforce is connected for " + tenant).contains("install check passed")
                .doesNotContain(GRANTED).doesNotContain("sf-code-1");

        // PKCE: the verifier sent with the code is the one whose challenge the authorize URL carried.
        String exchange = SALESFORCE.findAll(postRequestedFor(urlPathEqualTo("/services/oauth2/token"))
                .withRequestBody(containing("code=sf-code-1"))).get(0).getBodyAsString();
        String verifier = query("http://x/?" + exchange).get("code_verifier");
        assertThat(Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(verifier.getBytes(StandardCharsets.US_ASCII)))).isEqualTo(asked.get("code_challenge"));

        // The state worked once.
        Reply again = call("GET", back, Map.of("Cookie", started.cookie()), "");
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.raw()).contains("used already or has expired");

        // Stored sealed: the API shows that a refresh token is set, never which.
        JsonNode connection = getRaw("/api/tenants/" + tenant, admin).body();
        assertThat(connection.toString()).doesNotContain(GRANTED).contains("refresh-token");
        String callId = newCallId();
        Reply accepted = postGeneric("/webhooks/" + tenant + "/generic", SECRET, "msg_" + callId, TestCall.of(callId, "MEETING_BOOKED").knownPerson().json());
        assertThat(accepted.status()).as(accepted.raw()).isEqualTo(202);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> !tasksFor(callId).isEmpty());
        assertThat(SALESFORCE.findAll(postRequestedFor(urlPathEqualTo("/services/oauth2/token"))
                .withRequestBody(containing("refresh_token=" + GRANTED)))).as("logged in with the granted refresh token").isNotEmpty();

        JsonNode audit = getRaw("/api/audit?tenant=" + tenant + "&limit=100", OPERATOR).body().path("entries");
        assertThat(audit).anySatisfy(e -> {
            assertThat(e.path("action").asText()).isEqualTo("crm.connect");
            assertThat(e.path("actor").asText()).isEqualTo(tenant + " admin");
            assertThat(e.path("detail").asText()).contains("install check passed");
        });
        assertThat(audit.toString()).doesNotContain(GRANTED);
    }

    @Test
    void aTenantAdminConnectsHubspot() throws Exception {
        String tenant = "oauth-hs-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> admin = newTenantWithItsAdmin(tenant);
        Started started = start(tenant, "hubspot", admin, "");
        assertThat(started.reply().status()).as(started.reply().raw()).isEqualTo(200);
        assertThat(started.reply().body().path("pkce").asBoolean()).isFalse();
        Reply done = consent(started);
        assertThat(done.status()).as(done.raw()).isEqualTo(200);
        assertThat(done.raw()).contains("Hubspot is connected for " + tenant);
        assertThat(getRaw("/api/connectors/" + tenant + "/hubspot/check", admin).body().path("ok").asBoolean()).isTrue();
    }

    @Test
    void refusalsAreShownAndChangeNothing() throws Exception {
        String tenant = "oauth-no-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> admin = newTenantWithItsAdmin(tenant);
        assertThat(call("POST", "/api/tenants/globex/crms/salesforce/connect", OPERATOR, "").body().path("reason").asText())
                .as("a tenant from the configuration").isEqualTo("configured_tenant");
        assertThat(call("POST", "/api/tenants/" + tenant + "/crms/bullhorn/connect", admin, "").body().path("reason").asText())
                .isEqualTo("oauth_not_supported");

        Started first = start(tenant, "salesforce", admin, "");
        Reply denied = call("GET", "/oauth/callback/salesforce?error=access_denied&error_description=end-user+denied+authorization&state="
                + query(first.authorizeUrl()).get("state"), Map.of("Cookie", first.cookie()), "");
        assertThat(denied.status()).isEqualTo(400);
        assertThat(denied.raw()).contains("access_denied");

        Started second = start(tenant, "salesforce", admin, "");
        String another = query(second.authorizeUrl()).get("state");
        assertThat(call("GET", "/oauth/callback/hubspot?code=x&state=" + another, Map.of("Cookie", second.cookie()), "").status())
                .as("another CRM's state").isEqualTo(400);
        Reply expired = call("GET", "/oauth/callback/salesforce?code=sf-used-up&state=" + another, Map.of("Cookie", second.cookie()), "");
        assertThat(expired.status()).as("the state still works for its own CRM").isEqualTo(502);
        assertThat(expired.raw()).contains("invalid_grant").contains("expired authorization code");
        assertThat(call("GET", "/oauth/callback/salesforce?code=x&state=nonsense", Map.of(), "").status()).isEqualTo(400);
        assertThat(call("GET", "/oauth/callback/salesforce", Map.of(), "").status()).isEqualTo(400);
        assertThat(getRaw("/api/tenants/" + tenant, admin).body().path("crms").toString()).doesNotContain("salesforce");
    }
}
