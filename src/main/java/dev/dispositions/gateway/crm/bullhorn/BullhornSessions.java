package dev.dispositions.gateway.crm.bullhorn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dispositions.gateway.config.TenantDirectory;
import dev.dispositions.gateway.crm.ConnectorSettings;
import dev.dispositions.gateway.crm.HttpReply;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Each tenant's Bullhorn REST session (docs/sources.md#bullhorn-login): authorization code (headless, with the API user's
 * credentials) → access and refresh tokens → {@code /login} → {@code BhRestToken} and the corporation's
 * {@code restUrl}. The access token is refreshed before {@code expires_in} runs out; Bullhorn's refresh tokens
 * are single-use, so refreshes of one tenant never run at once (one lock per tenant) and the newest is kept.
 */
@Component
public class BullhornSessions {
    static final String CRM = "bullhorn";
    private static final Logger log = LoggerFactory.getLogger(BullhornSessions.class);
    /** Refresh this long before the access token expires, so no request carries an expiring one. */
    private static final Duration EARLY = Duration.ofSeconds(60);

    private final ConnectorSettings.PerTenant<BullhornProperties> byTenant;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private final BullhornHttp http;
    private final ObjectMapper json;
    private final Clock clock;

    /** A logged-in session. Its toString never shows a token. */
    record Session(String accessToken, String refreshToken, Instant accessExpiresAt, String bhRestToken, String restUrl) {
        @Override
        public String toString() {
            return "Session[restUrl=" + restUrl + ", accessExpiresAt=" + accessExpiresAt + "]";
        }
    }

    /** Logging in failed: {@code refused} when Bullhorn said no (credentials), else it could not be reached or broke. */
    static final class LoginFailed extends RuntimeException {
        final boolean refused;

        LoginFailed(String message, boolean refused) {
            super(message, null, false, false);
            this.refused = refused;
        }
    }

    private final dev.dispositions.gateway.delivery.TokenVault vault;

    private final dev.dispositions.gateway.crm.CrmMetrics metrics;

    public BullhornSessions(TenantDirectory tenants, Environment environment, BullhornHttp http, ObjectMapper json, Clock clock,
                            dev.dispositions.gateway.delivery.TokenVault vault, dev.dispositions.gateway.crm.CrmMetrics metrics) {
        this.metrics = metrics;
        this.http = http;
        this.json = json;
        this.clock = clock;
        this.vault = vault;
        this.byTenant = ConnectorSettings.bind(tenants, environment, CRM, BullhornProperties.class, (prefix, p) -> p.requireComplete(prefix));
    }

    BullhornProperties properties(String tenant) {
        return byTenant.of(tenant);
    }

    /** A valid session: the current one, a refreshed one, or a new login. */
    Session session(String tenant) {
        synchronized (locks.computeIfAbsent(tenant, t -> new Object())) {
            Session s = sessions.get(tenant);
            if (s != null && clock.instant().plus(EARLY).isBefore(s.accessExpiresAt())) {
                return s;
            }
            s = obtain(tenant, s);
            sessions.put(tenant, s);
            return s;
        }
    }

    /**
     * The REST session was refused (401): refresh once, unless another request already did since {@code stale}
     * was handed out (single flight: concurrent 401s of one tenant cause one refresh).
     */
    Session renew(String tenant, Session stale) {
        synchronized (locks.computeIfAbsent(tenant, t -> new Object())) {
            Session current = sessions.get(tenant);
            if (current != null && current != stale) {
                return current;
            }
            Session fresh = obtain(tenant, stale);
            sessions.put(tenant, fresh);
            return fresh;
        }
    }

    /**
     * A new session from the newest refresh token (the stored one, which another replica may have rotated, else this
     * one's), or a full login; the refresh token it brings is stored, encrypted, under the same row lock.
     */
    private Session obtain(String tenant, Session old) {
        Session[] made = new Session[1];
        vault.rotate(tenant, CRM, "refresh_token", stored -> {
            String refresh = stored.orElse(old == null ? null : old.refreshToken());
            made[0] = refresh == null ? login(tenant) : refreshOrLogin(tenant, refresh);
            return made[0].refreshToken();
        });
        return made[0];
    }

    private Session refreshOrLogin(String tenant, String refreshToken) {
        BullhornProperties p = properties(tenant);
        HttpReply r = http.call(BullhornProperties.trim(p.oauthUrl()) + "/token", "POST", null, Map.of(
                "grant_type", "refresh_token", "refresh_token", refreshToken,
                "client_id", p.clientId(), "client_secret", p.clientSecret().reveal()), null);
        if (r.status() != 200) {
            metrics.tokenRefresh(CRM, tenant, "refused");
            log.info("Bullhorn refresh for tenant {} answered {}; logging in again", tenant, r.status());
            return login(tenant);
        }
        metrics.tokenRefresh(CRM, tenant, "ok");
        return restLogin(tenant, tokens(r));
    }

    private Session login(String tenant) {
        BullhornProperties p = properties(tenant);
        String oauth = BullhornProperties.trim(p.oauthUrl());
        HttpReply authorize = http.call(oauth + "/authorize", "POST", null, Map.of("client_id", p.clientId(), "response_type", "code",
                "action", "Login", "username", p.username(), "password", p.password().reveal()), null);
        String location = authorize.header("Location");
        String code = location == null ? null
                : UriComponentsBuilder.fromUriString(location).build().getQueryParams().getFirst("code");
        if (code == null) {
            throw new LoginFailed("Bullhorn did not grant an authorization code (HTTP " + authorize.status()
                    + "): check the API user's username, password and the client id", authorize.status() < 500);
        }
        HttpReply token = http.call(oauth + "/token", "POST", null, Map.of("grant_type", "authorization_code",
                "code", java.net.URLDecoder.decode(code, StandardCharsets.UTF_8),
                "client_id", p.clientId(), "client_secret", p.clientSecret().reveal()), null);
        if (token.status() != 200) {
            throw new LoginFailed("Bullhorn refused the token request (HTTP " + token.status() + "): check the client secret",
                    token.status() < 500);
        }
        return restLogin(tenant, tokens(token));
    }

    private record Tokens(String access, String refresh, long expiresIn) {
    }

    private Tokens tokens(HttpReply r) {
        JsonNode t = read(r.body());
        return new Tokens(t.path("access_token").asText(), t.path("refresh_token").asText(), t.path("expires_in").asLong(600));
    }

    private Session restLogin(String tenant, Tokens tokens) {
        BullhornProperties p = properties(tenant);
        HttpReply r = http.call(BullhornProperties.trim(p.restLoginUrl()) + "/login", "POST", null,
                Map.of("version", "*", "access_token", tokens.access()), null);
        JsonNode body = read(r.body());
        if (r.status() != 200 || !body.hasNonNull("BhRestToken") || !body.hasNonNull("restUrl")) {
            throw new LoginFailed("Bullhorn's REST login answered HTTP " + r.status(), r.status() < 500);
        }
        String restUrl = body.get("restUrl").asText();
        log.info("Bullhorn session opened for tenant {} at {}", tenant, restUrl);
        return new Session(tokens.access(), tokens.refresh(), clock.instant().plusSeconds(tokens.expiresIn()),
                body.get("BhRestToken").asText(), restUrl.endsWith("/") ? restUrl : restUrl + "/");
    }

    private JsonNode read(String body) {
        try {
            return body == null ? json.createObjectNode() : json.readTree(body);
        } catch (IOException e) {
            return json.createObjectNode();
        }
    }
}
