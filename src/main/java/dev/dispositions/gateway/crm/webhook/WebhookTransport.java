package dev.dispositions.gateway.crm.webhook;

import dev.dispositions.gateway.config.Destination;
import dev.dispositions.gateway.config.TenantDirectory;
import dev.dispositions.gateway.crm.CamelHttp;
import dev.dispositions.gateway.crm.CrmCall;
import dev.dispositions.gateway.crm.CrmTransport;
import dev.dispositions.gateway.crm.HttpReply;
import dev.dispositions.gateway.destination.DestinationEvents;
import dev.dispositions.gateway.destination.DestinationGuard;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

/**
 * A destination's POST over camel-http, signed at send time (a retry carries the same {@code webhook-id} with a new
 * timestamp). The endpoint's address is checked again just before it is called ({@link EndpointGuard}), and as the
 * connection is made ({@link WebhookHttpComponent}), since DNS may answer otherwise than when the endpoint was saved.
 */
@Component
class WebhookTransport implements CrmTransport {
    private final TenantDirectory tenants;
    private final DestinationGuard guard;
    private final Clock clock;
    /** Each destination's pace, by tenant, destination and rate (a changed rate starts a new one). */
    private final java.util.Map<String, io.github.resilience4j.ratelimiter.RateLimiter> pace = new java.util.concurrent.ConcurrentHashMap<>();

    WebhookTransport(TenantDirectory tenants, DestinationGuard guard, Clock clock) {
        this.tenants = tenants;
        this.guard = guard;
        this.clock = clock;
    }

    /** The destination the call goes to: its connector id travels as the call's path ({@code webhook:<id>}). */
    Destination destination(String tenant, CrmCall call) {
        return tenants.destination(tenant, call.path()).orElseThrow(() -> new CredentialsUnavailable("destination " + call.path()
                + " of tenant " + tenant + " is not there any more (deleted, or not yet read by this replica)"));
    }

    @Override
    public String prepare(String tenant, CrmCall call, Message request) {
        Destination d = destination(tenant, call);
        if (!d.enabled()) {
            throw new Paced("not sent: destination " + d.id() + " is disabled; its events are kept until it is enabled again",
                    java.time.Duration.ofMinutes(1));
        }
        if (d.secrets().isEmpty()) {
            throw new CredentialsRefused("destination " + d.id() + "'s signing secret cannot be opened with the current "
                    + "gateway.token-key: rotate it (POST /api/tenants/" + tenant + "/destinations/" + d.id() + "/rotate)", null);
        }
        if (d.ratePerSecond() != null && !pace.computeIfAbsent(tenant + "/" + d.id() + "/" + d.ratePerSecond(), k -> limiter(k, d.ratePerSecond()))
                .acquirePermission()) {
            throw new Paced("not sent: destination " + d.id() + " takes at most " + d.ratePerSecond() + " a second", java.time.Duration.ofSeconds(1));
        }
        URI url = d.url();
        try {
            guard.check(url);
        } catch (dev.dispositions.gateway.destination.EndpointGuard.Refused refused) {
            if (refused.unresolved()) {
                throw new CredentialsUnavailable(refused.getMessage());
            }
            throw new NotAllowed("not sent: " + refused.getMessage());
        }
        String base = url.getScheme() + "://" + url.getRawAuthority();
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        // Its own component: the connection resolves the host through the guard once more (WebhookHttpComponent).
        String endpoint = WebhookHttpComponent.NAME + ":" + CamelHttp.prepare(base, new CrmCall(call.purpose(), true, "POST", path, java.util.Map.of(), call.body(), call.parts()),
                request);
        if (url.getRawQuery() != null) {
            request.setHeader(Exchange.HTTP_QUERY, url.getRawQuery());
        }
        // A receiver is anyone's server: a slow one must not hold the dispatch threads every tenant shares.
        endpoint += "&connectTimeout=5000&connectionRequestTimeout=5000&soTimeout=15000&responseTimeout=15000";
        // The first part is the message: a delivery's (msg_<its row>), or an alert's.
        WebhookSignature.headers(d.secrets(), call.parts().get(0).key(), clock.instant(), call.body().getBytes(StandardCharsets.UTF_8))
                .forEach(request::setHeader);
        request.setHeader("User-Agent", "call-disposition-gateway");
        return endpoint;
    }

    private static io.github.resilience4j.ratelimiter.RateLimiter limiter(String name, int perSecond) {
        return io.github.resilience4j.ratelimiter.RateLimiter.of("destination-" + name, io.github.resilience4j.ratelimiter.RateLimiterConfig
                .custom().limitForPeriod(perSecond).limitRefreshPeriod(java.time.Duration.ofSeconds(1)).timeoutDuration(java.time.Duration.ZERO)
                .build());
    }

    @Override
    public HttpReply answer(String tenant, Message response, Exception failure) {
        return CamelHttp.answer(response, failure);
    }
}
