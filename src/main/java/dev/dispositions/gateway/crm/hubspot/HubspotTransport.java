package dev.dispositions.gateway.crm.hubspot;

import dev.dispositions.gateway.crm.CamelHttp;
import dev.dispositions.gateway.crm.CrmCall;
import dev.dispositions.gateway.crm.CrmMetrics;
import dev.dispositions.gateway.crm.CrmTransport;
import dev.dispositions.gateway.crm.HttpReply;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

/**
 * Planned calls to the tenant's portal over camel-http, with its bearer token. Searches are paced to the portal's
 * search limit (a few requests a second, docs/sources.md#hubspot-limits-and-errors) before they are sent, rather than
 * learnt from 429s; the quota HubSpot reports left is published as a gauge.
 */
@Component
class HubspotTransport implements CrmTransport {
    private final HubspotPortals portals;
    private final HubspotTokens tokens;
    private final CrmMetrics metrics;
    private final Map<String, RateLimiter> searchPace = new ConcurrentHashMap<>();

    HubspotTransport(HubspotPortals portals, HubspotTokens tokens, CrmMetrics metrics) {
        this.portals = portals;
        this.tokens = tokens;
        this.metrics = metrics;
    }

    @Override
    public String prepare(String tenant, CrmCall call, Message request) {
        HubspotProperties p = portals.properties(tenant);
        if (call.path().endsWith("/search") && !pace(tenant, p).acquirePermission()) {
            throw new Paced("not sent: HubSpot's search limit (" + p.searchesPerSecond() + " a second) is used up for now", Duration.ofSeconds(1));
        }
        String token = tokens.bearer(tenant, p);
        String endpoint = CamelHttp.prepare(p.base(), call, request);
        request.setHeader("Authorization", "Bearer " + token);
        return endpoint;
    }

    @Override
    public HttpReply answer(String tenant, Message response, Exception failure) {
        HttpReply reply = CamelHttp.answer(response, failure);
        String remaining = reply.header("X-HubSpot-RateLimit-Remaining");
        if (remaining != null && remaining.trim().matches("\\d+")) {
            metrics.quotaRemaining(HubspotPortals.CRM, tenant, Long.parseLong(remaining.trim()));
        }
        return reply;
    }

    private RateLimiter pace(String tenant, HubspotProperties p) {
        return searchPace.computeIfAbsent(tenant, t -> RateLimiter.of("hubspot-search-" + t, RateLimiterConfig.custom()
                .limitForPeriod(p.searchesPerSecond())
                .limitRefreshPeriod(Duration.ofSeconds(1))
                .timeoutDuration(Duration.ofSeconds(5))
                .build()));
    }
}
