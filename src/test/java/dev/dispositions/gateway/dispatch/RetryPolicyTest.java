package dev.dispositions.gateway.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispositions.gateway.config.GatewayProperties;
import dev.dispositions.gateway.config.Secret;
import dev.dispositions.gateway.delivery.DeliveryResult;
import dev.dispositions.gateway.delivery.DeliveryResult.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private final RetryPolicy policy = new RetryPolicy(new GatewayProperties(new GatewayProperties.Admin(Secret.of("k")), null, null,
            new GatewayProperties.Ingest(262144, java.time.Duration.ofMinutes(10), java.time.Duration.ofSeconds(10), org.springframework.util.unit.DataSize.ofMegabytes(64), new GatewayProperties.GroupCommitSettings(256, Duration.ofMillis(5), Duration.ofSeconds(30), 1)), new GatewayProperties.Mappings(null),
            new GatewayProperties.Dispatch(true, Duration.ofMillis(500), 50, Duration.ofMillis(250), Duration.ofMinutes(2), 4, null,
                    new GatewayProperties.Retry(Duration.ofSeconds(10), Duration.ofHours(6), 5, Duration.ofMinutes(30),
                            Duration.ofSeconds(45), Duration.ofMinutes(5)),
                    new GatewayProperties.Breaker(true, 50, 20, 10, Duration.ofSeconds(30), 3)),
            new GatewayProperties.Retention(true, Duration.ofDays(30), Duration.ofDays(90), Duration.ofMinutes(1), 500), Map.of()));

    private static DeliveryResult result(Kind kind, Duration retryAfter) {
        return new DeliveryResult(1, kind, null, null, null, null, null, retryAfter);
    }

    @Test
    void aTransientFailureIsRetriedWithinTheJitteredCeilingUntilAttemptsRunOut() {
        for (int before = 0; before < 4; before++) {
            var s = policy.settle(result(Kind.TRANSIENT, null), before, NOW);
            long ceilingMs = Math.min(Duration.ofHours(6).toMillis(), 10_000L << before);
            assertThat(s.status()).isEqualTo("RETRYING");
            assertThat(s.attempts()).isEqualTo(before + 1);
            assertThat(Duration.between(NOW, s.nextAttemptAt()).toMillis()).isBetween(0L, ceilingMs);
        }
        assertThat(policy.settle(result(Kind.TRANSIENT, null), 4, NOW, true).status()).as("a destination's: until it is paused")
                .isEqualTo("RETRYING");
        var last = policy.settle(result(Kind.TRANSIENT, null), 4, NOW);
        assertThat(last.status()).isEqualTo("FAILED");
        assertThat(last.deadReason()).isEqualTo("EXHAUSTED");
    }

    @Test
    void throttlingWithoutRetryAfterWaitsTheConfiguredTime() {
        assertThat(policy.settle(result(Kind.THROTTLED, null), 3, NOW).nextAttemptAt()).isEqualTo(NOW.plusSeconds(45));
    }

    @Test
    void refusedCredentialsParkTheRowWithoutUsingAnAttempt() {
        var s = policy.settle(result(Kind.AUTH, null), 3, NOW);
        assertThat(s.status()).isEqualTo("PARKED");
        assertThat(s.attempts()).isEqualTo(3);
    }

    @Test
    void throttlingWaitsTheCappedRetryAfterWithoutUsingAnAttempt() {
        var s = policy.settle(result(Kind.THROTTLED, Duration.ofSeconds(90)), 2, NOW);
        assertThat(s.status()).isEqualTo("RETRYING");
        assertThat(s.attempts()).isEqualTo(2);
        assertThat(s.nextAttemptAt()).isEqualTo(NOW.plusSeconds(90));
        assertThat(policy.settle(result(Kind.THROTTLED, Duration.ofHours(5)), 2, NOW).nextAttemptAt())
                .isEqualTo(NOW.plus(Duration.ofMinutes(30)));
    }

    @Test
    void permanentFailuresAndSuccessesAreFinal() {
        assertThat(policy.settle(result(Kind.PERMANENT, null), 0, NOW).status()).isEqualTo("FAILED");
        assertThat(policy.settle(result(Kind.PERMANENT, null), 0, NOW).deadReason()).isEqualTo("PERMANENT");
        assertThat(policy.settle(result(Kind.DONE, null), 0, NOW).status()).isEqualTo("DELIVERED");
        assertThat(policy.settle(result(Kind.SKIPPED, null), 0, NOW).status()).isEqualTo("SKIPPED");
    }
}
