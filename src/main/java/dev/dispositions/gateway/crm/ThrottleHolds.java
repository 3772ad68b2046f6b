package dev.dispositions.gateway.crm;

import dev.dispositions.gateway.config.GatewayProperties;
import dev.dispositions.gateway.delivery.DeliveryResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * A CRM's "no more requests for now", shared by every delivery of the connector in flight in this instance: with
 * several batches of one connector in flight, the answer that throttled one stops the others' next calls at once,
 * not only when its batch is settled (which holds the connector for every instance, in the database).
 */
@Component
class ThrottleHolds {
    private final Map<String, Instant> until = new ConcurrentHashMap<>();
    private final GatewayProperties.Retry retry;
    private final Clock clock;

    ThrottleHolds(GatewayProperties properties, Clock clock) {
        this.retry = properties.dispatch().retry();
        this.clock = clock;
    }

    /** The CRM throttled this call: no call of the connector before its wait is over (as the retry policy waits). */
    void throttled(String tenant, String crm, DeliveryResult result) {
        Duration wait = result.retryAfter() == null ? retry.throttleWait()
                : result.retryAfter().compareTo(retry.maxRetryAfter()) > 0 ? retry.maxRetryAfter() : result.retryAfter();
        Instant end = clock.instant().plus(wait);
        until.merge(tenant + "/" + crm, end, (a, b) -> a.isAfter(b) ? a : b);
    }

    /** How long the connector is still held, if it is. */
    Optional<Duration> remaining(String tenant, String crm) {
        Instant end = until.get(tenant + "/" + crm);
        Instant now = clock.instant();
        if (end == null || !end.isAfter(now)) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(now, end));
    }
}
