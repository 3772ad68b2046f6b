package dev.dispositions.gateway.crm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispositions.gateway.delivery.DeliveryResult;
import dev.dispositions.gateway.mapping.MappingCatalogs;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** A throttling answer to one batch holds the connector's other batches in flight in this instance, for as long as the CRM asked. */
class ThrottleHoldsTest {
    private Instant now = Instant.parse("2026-12-01T12:00:00Z");
    private final ThrottleHolds holds = new ThrottleHolds(MappingCatalogs.properties(null), new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    });

    private static DeliveryResult throttled(Duration retryAfter) {
        return new DeliveryResult(1, DeliveryResult.Kind.THROTTLED, null, null, 429, null, "ten secondly limit", retryAfter);
    }

    @Test
    void theConnectorIsHeldForTheRetryAfterAndOnlyThatConnector() {
        holds.throttled("globex", "hubspot", throttled(Duration.ofSeconds(2)));
        assertThat(holds.remaining("globex", "hubspot")).hasValue(Duration.ofSeconds(2));
        assertThat(holds.remaining("globex", "salesforce")).isEmpty();
        assertThat(holds.remaining("hooli", "hubspot")).isEmpty();
        now = now.plusMillis(1500);
        assertThat(holds.remaining("globex", "hubspot")).hasValue(Duration.ofMillis(500));
        now = now.plusMillis(500);
        assertThat(holds.remaining("globex", "hubspot")).isEmpty();
    }

    @Test
    void withoutRetryAfterTheThrottleWaitHoldsAndALongerHoldIsNotShortenedByALaterOne() {
        holds.throttled("globex", "salesforce", throttled(null));
        holds.throttled("globex", "salesforce", throttled(Duration.ofSeconds(1)));
        assertThat(holds.remaining("globex", "salesforce")).hasValue(Duration.ofSeconds(60));
    }

    @Test
    void aRetryAfterBeyondTheCapHoldsForTheCap() {
        holds.throttled("globex", "hubspot", throttled(Duration.ofHours(5)));
        assertThat(holds.remaining("globex", "hubspot")).hasValue(Duration.ofHours(1));
    }
}
