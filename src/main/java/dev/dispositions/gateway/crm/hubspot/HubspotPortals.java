package dev.dispositions.gateway.crm.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dispositions.gateway.config.TenantDirectory;
import dev.dispositions.gateway.crm.ConnectorSettings;
import dev.dispositions.gateway.crm.HttpReply;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The HubSpot portal of each tenant: its settings, and its call dispositions. Disposition GUIDs differ per portal
 * (custom outcomes) and even the defaults are not confirmed by HubSpot, so mapping files name them by label and
 * this resolves the label from the portal's own list ({@code GET /calling/v1/dispositions}), kept for a while.
 */
@Component
public class HubspotPortals {
    static final String CRM = "hubspot";
    private static final Duration KEEP = Duration.ofMinutes(10);

    private final ConnectorSettings.PerTenant<HubspotProperties> byTenant;
    private final Map<String, Dispositions> dispositions = new ConcurrentHashMap<>();
    private final ProducerTemplate producer;
    private final ObjectMapper json;
    private final Clock clock;

    private record Dispositions(Map<String, String> guidByLabel, Instant fetchedAt) {
    }

    private final dev.dispositions.gateway.crm.CrmMetrics metrics;

    public HubspotPortals(TenantDirectory tenants, Environment environment, ProducerTemplate producer, ObjectMapper json, Clock clock,
                          dev.dispositions.gateway.crm.CrmMetrics metrics) {
        this.metrics = metrics;
        this.producer = producer;
        this.json = json;
        this.clock = clock;
        this.byTenant = ConnectorSettings.bind(tenants, environment, CRM, HubspotProperties.class, (prefix, p) -> p.requireComplete(prefix));
    }

    HubspotProperties properties(String tenant) {
        return byTenant.of(tenant);
    }


    private record OAuthToken(String accessToken, Instant expiresAt) {
    }

    private final Map<String, OAuthToken> oauthTokens = new ConcurrentHashMap<>();

    /**
     * The bearer token: a private app's own, or an OAuth access token refreshed a minute before its
     * {@code expires_in} ends (HubSpot: a 401 is not the signal to refresh). One refresh per tenant at a time.
     */
    private String bearer(String tenant, HubspotProperties p) {
        if (!p.oauth()) {
            return p.accessToken().reveal();
        }
        synchronized (oauthTokens) {
            OAuthToken t = oauthTokens.get(tenant);
            if (t != null && clock.instant().plusSeconds(60).isBefore(t.expiresAt())) {
                return t.accessToken();
            }
            Exchange reply = producer.send(p.base() + "/oauth/v1/token?throwExceptionOnFailure=false", ex -> {
                ex.getMessage().setHeader(Exchange.HTTP_METHOD, "POST");
                ex.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/x-www-form-urlencoded");
                ex.getMessage().setBody("grant_type=refresh_token"
                        + "&client_id=" + java.net.URLEncoder.encode(p.clientId(), java.nio.charset.StandardCharsets.UTF_8)
                        + "&client_secret=" + java.net.URLEncoder.encode(p.clientSecret().reveal(), java.nio.charset.StandardCharsets.UTF_8)
                        + "&refresh_token=" + java.net.URLEncoder.encode(p.refreshToken().reveal(), java.nio.charset.StandardCharsets.UTF_8));
            });
            if (reply.getException() != null) {
                metrics.tokenRefresh(CRM, tenant, "failed");
                throw new HubspotUnreachable(reply.getException());
            }
            Integer status = reply.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
            String body = reply.getMessage().getBody(String.class);
            try {
                JsonNode token = json.readTree(body == null ? "{}" : body);
                if (status == null || status != 200 || !token.hasNonNull("access_token")) {
                    metrics.tokenRefresh(CRM, tenant, "refused");
                    throw new TokenRefused(new HttpReply(status == null ? 0 : status, body, reply.getMessage().getHeaders()));
                }
                metrics.tokenRefresh(CRM, tenant, "ok");
                OAuthToken fresh = new OAuthToken(token.get("access_token").asText(),
                        clock.instant().plusSeconds(token.path("expires_in").asLong(1800)));
                oauthTokens.put(tenant, fresh);
                return fresh.accessToken();
            } catch (java.io.IOException e) {
                throw new TokenRefused(new HttpReply(status == null ? 0 : status, body, reply.getMessage().getHeaders()));
            }
        }
    }

    /** HubSpot refused the refresh token (revoked, wrong client): the connector needs its admin. */
    static final class TokenRefused extends RuntimeException {
        final transient HttpReply reply;

        TokenRefused(HttpReply reply) {
            super("HubSpot refused the OAuth refresh (HTTP " + reply.status() + ")", null, false, false);
            this.reply = reply;
        }
    }

    /** One HTTP call to the tenant's portal through camel-http; never throws for an HTTP status. */
    HttpReply call(String tenant, String method, String path, String pathSuffix, String body) {
        HubspotProperties p = properties(tenant);
        String token = bearer(tenant, p);
        // Record ids go in CamelHttpPath, not the endpoint URI, so endpoint metrics stay few.
        long started = System.nanoTime();
        Exchange reply = producer.send(p.base() + path + "?throwExceptionOnFailure=false", ex -> {
            ex.getMessage().setHeader(Exchange.HTTP_METHOD, method);
            ex.getMessage().setHeader("Authorization", "Bearer " + token);
            ex.getMessage().setHeader("Accept", "application/json");
            if (pathSuffix != null) {
                ex.getMessage().setHeader(Exchange.HTTP_PATH, pathSuffix);
            }
            if (body != null) {
                ex.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
                ex.getMessage().setBody(body);
            }
        });
        Integer status = reply.getException() != null ? null : reply.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        metrics.request(CRM, status == null ? 0 : status, java.time.Duration.ofNanos(System.nanoTime() - started));
        if (reply.getException() != null) {
            throw new HubspotUnreachable(reply.getException());
        }
        HttpReply answer = new HttpReply(status == null ? 0 : status, reply.getMessage().getBody(String.class), reply.getMessage().getHeaders());
        String remaining = answer.header("X-HubSpot-RateLimit-Remaining");
        if (remaining != null && remaining.trim().matches("\\d+")) {
            metrics.quotaRemaining(CRM, tenant, Long.parseLong(remaining.trim()));
        }
        return answer;
    }

    /** The network, not HubSpot, failed: worth retrying. */
    static final class HubspotUnreachable extends RuntimeException {
        HubspotUnreachable(Throwable cause) {
            super(cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage()), cause, false, false);
        }
    }

    /**
     * The GUID of the portal's disposition with this label (case-insensitive), fetching the list when it is older
     * than ten minutes or lacks the label. Empty when the portal has no such disposition.
     */
    Optional<String> dispositionGuid(String tenant, String label) {
        Dispositions known = dispositions.get(tenant);
        boolean stale = known == null || known.fetchedAt().plus(KEEP).isBefore(clock.instant());
        if (stale || !known.guidByLabel().containsKey(key(label))) {
            known = fetchDispositions(tenant);
        }
        return Optional.ofNullable(known.guidByLabel().get(key(label)));
    }

    private Dispositions fetchDispositions(String tenant) {
        HttpReply r = call(tenant, "GET", "/calling/v1/dispositions", null, null);
        if (r.status() != 200) {
            throw new DispositionsUnavailable(r);
        }
        Map<String, String> byLabel = new TreeMap<>();
        try {
            for (JsonNode d : json.readTree(r.body())) {
                byLabel.put(key(d.path("label").asText()), d.path("id").asText());
            }
        } catch (java.io.IOException e) {
            throw new DispositionsUnavailable(r);
        }
        Dispositions fresh = new Dispositions(byLabel, clock.instant());
        dispositions.put(tenant, fresh);
        return fresh;
    }

    /** The dispositions list could not be read: the answer says why (401, 429, 5xx...). */
    static final class DispositionsUnavailable extends RuntimeException {
        final transient HttpReply reply;

        DispositionsUnavailable(HttpReply reply) {
            super("HubSpot's dispositions list answered " + reply.status(), null, false, false);
            this.reply = reply;
        }
    }

    private static String key(String label) {
        return label == null ? "" : label.trim().toLowerCase(Locale.ROOT);
    }
}
