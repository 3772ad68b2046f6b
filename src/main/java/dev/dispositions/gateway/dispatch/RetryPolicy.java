package dev.dispositions.gateway.dispatch;

import dev.dispositions.gateway.delivery.OutboxStatus;
import dev.dispositions.gateway.config.GatewayProperties;
import dev.dispositions.gateway.delivery.DeliveryResult;
import dev.dispositions.gateway.store.Outbox.Settlement;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.stereotype.Component;

/**
 * The one place that decides what a delivery result means for its outbox row. Connectors classify; this
 * schedules: exponential backoff with full jitter, capped; a rate limit waits without using up an attempt; refused
 * credentials park the row; a refusal of the data, or the last attempt, makes a dead letter.
 */
@Component
public class RetryPolicy {
    private final GatewayProperties.Retry retry;

    public RetryPolicy(GatewayProperties properties) {
        this.retry = properties.dispatch().retry();
    }

    /** @param attemptsBefore attempts already used up before this one */
    public Settlement settle(DeliveryResult result, int attemptsBefore, Instant now) {
        return settle(result, attemptsBefore, now, false);
    }

    /**
     * @param untilPaused a webhook destination's delivery: a transient failure is retried (at most every max-delay)
     *                    for as long as it takes, since a destination failing for days is paused with its events kept
     *                    ({@link DestinationHealth}), not left to exhaust them into dead letters one by one
     */
    public Settlement settle(DeliveryResult result, int attemptsBefore, Instant now, boolean untilPaused) {
        return switch (result.kind()) {
            case DONE -> new Settlement(OutboxStatus.DELIVERED.name(), attemptsBefore + 1, now);
            case SKIPPED -> new Settlement(OutboxStatus.SKIPPED.name(), attemptsBefore + 1, now);
            case PERMANENT -> new Settlement(OutboxStatus.FAILED.name(), attemptsBefore + 1, now, "PERMANENT");
            case THROTTLED -> new Settlement(OutboxStatus.RETRYING.name(), attemptsBefore, now.plus(throttleWait(result.retryAfter())));
            // Credentials are an admin's to fix, not the event's fault: parked until then, no attempt used.
            case AUTH -> new Settlement(OutboxStatus.PARKED.name(), attemptsBefore, now);
            case TRANSIENT -> {
                int used = attemptsBefore + 1;
                yield used >= retry.maxAttempts() && !untilPaused
                        ? new Settlement(OutboxStatus.FAILED.name(), used, now, "EXHAUSTED")
                        : new Settlement(OutboxStatus.RETRYING.name(), used, now.plus(backoff(used)));
            }
        };
    }

    /** Full jitter: uniformly between zero and the capped exponential delay for this attempt. */
    Duration backoff(int attemptsUsed) {
        long base = retry.initialDelay().toMillis();
        long cap = retry.maxDelay().toMillis();
        long ceiling = attemptsUsed >= 40 ? cap : Math.min(cap, base * (1L << Math.min(attemptsUsed - 1, 40)));
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling + 1));
    }

    /** How long a throttled connector is held: the CRM's Retry-After (capped), else the configured wait. */
    public Duration throttleWait(Duration retryAfter) {
        if (retryAfter == null) {
            return retry.throttleWait();
        }
        return retryAfter.compareTo(retry.maxRetryAfter()) > 0 ? retry.maxRetryAfter() : retryAfter;
    }
}
