package dev.dispositions.gateway.crm.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dispositions.gateway.crm.CrmMetrics;
import dev.dispositions.gateway.crm.CrmTransport;
import dev.dispositions.gateway.crm.HttpReply;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;

/**
 * The bearer token of each tenant's portal: a private app's own, or an OAuth access token refreshed a minute before
 * its {@code expires_in} ends (HubSpot: a 401 is not the signal to refresh). One refresh per tenant at a time.
 */
@Component
class HubspotTokens {
    private record OAuthToken(String accessToken, Instant expiresAt) {
    }

    private final Map<String, OAuthToken> tokens = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private final ProducerTemplate producer;
    private final ObjectMapper json;
    private final Clock clock;
    private final CrmMetrics metrics;

    HubspotTokens(ProducerTemplate producer, ObjectMapper json, Clock clock, CrmMetrics metrics) {
        this.producer = producer;
        this.json = json;
        this.clock = clock;
        this.metrics = metrics;
    }

    /**
     * @throws CrmTransport.CredentialsRefused      HubSpot refused the refresh token (revoked, wrong client)
     * @throws CrmTransport.CredentialsUnavailable the token endpoint could not be reached
     */
    String bearer(String tenant, HubspotProperties p) {
        if (!p.oauth()) {
            return p.accessToken().reveal();
        }
        synchronized (locks.computeIfAbsent(tenant, t -> new Object())) {
            OAuthToken t = tokens.get(tenant);
            if (t != null && clock.instant().plusSeconds(60).isBefore(t.expiresAt())) {
                return t.accessToken();
            }
            Exchange reply = producer.send(p.base() + "/oauth/v1/token?throwExceptionOnFailure=false", ex -> {
                ex.getMessage().setHeader(Exchange.HTTP_METHOD, "POST");
                ex.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/x-www-form-urlencoded");
                ex.getMessage().setBody("grant_type=refresh_token&client_id=" + encode(p.clientId())
                        + "&client_secret=" + encode(p.clientSecret().reveal()) + "&refresh_token=" + encode(p.refreshToken().reveal()));
            });
            if (reply.getException() != null) {
                metrics.tokenRefresh(HubspotPortals.CRM, tenant, "failed");
                throw new CrmTransport.CredentialsUnavailable("cannot reach HubSpot's token endpoint: "
                        + reply.getException().getClass().getSimpleName());
            }
            Integer status = reply.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
            String body = reply.getMessage().getBody(String.class);
            HttpReply answer = new HttpReply(status == null ? 0 : status, body, Map.of());
            JsonNode token = read(body);
            if (status == null || status != 200 || !token.hasNonNull("access_token")) {
                metrics.tokenRefresh(HubspotPortals.CRM, tenant, "refused");
                throw new CrmTransport.CredentialsRefused("HubSpot refused the OAuth refresh (HTTP " + answer.status() + ")", answer);
            }
            metrics.tokenRefresh(HubspotPortals.CRM, tenant, "ok");
            OAuthToken fresh = new OAuthToken(token.get("access_token").asText(), clock.instant().plusSeconds(token.path("expires_in").asLong(1800)));
            tokens.put(tenant, fresh);
            return fresh.accessToken();
        }
    }

    private JsonNode read(String body) {
        try {
            return json.readTree(body == null ? "{}" : body);
        } catch (IOException e) {
            return json.createObjectNode();
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
