package dev.dispositions.gateway.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispositions.gateway.canonical.CallState;
import dev.dispositions.gateway.canonical.CanonicalDisposition;
import dev.dispositions.gateway.canonical.Outcome;
import dev.dispositions.gateway.canonical.Warning;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A vendor's time orders a call's events only when it is believable. */
class TrustedTimesTest {
    private static final Instant RECEIVED = Instant.parse("2026-11-23T12:00:00Z");
    private static final Duration SKEW = Duration.ofMinutes(10);

    private static CanonicalDisposition at(Instant vendorTime) {
        return CanonicalDisposition.builder("default", "generic", "c1").occurredAt(vendorTime, "vendor").state(CallState.COMPLETED)
                .outcome(Outcome.BUSY).build();
    }

    @Test
    void aTimeWithinTheSkewIsKept() {
        CanonicalDisposition e = TrustedTimes.check(at(RECEIVED.plus(Duration.ofMinutes(9))), RECEIVED, SKEW);
        assertThat(e.occurredAt()).isEqualTo(RECEIVED.plus(Duration.ofMinutes(9)));
        assertThat(e.occurredAtSource()).isEqualTo("vendor");
        assertThat(e.warnings()).isEmpty();
    }

    @Test
    void aTimeTooFarAheadIsReplacedByTheReceiptTimeWithAWarning() {
        for (Instant future : new Instant[] {RECEIVED.plus(Duration.ofMinutes(11)), Instant.parse("9999-12-31T23:59:59Z")}) {
            CanonicalDisposition e = TrustedTimes.check(at(future), RECEIVED, SKEW);
            assertThat(e.occurredAt()).isEqualTo(RECEIVED);
            assertThat(e.occurredAtSource()).isEqualTo("receipt");
            assertThat(e.warnings()).singleElement().satisfies(w -> {
                assertThat(w.code()).isEqualTo(Warning.UNTRUSTED_TIME);
                assertThat(w.message()).contains(future.toString()).contains("10m").contains("receipt time");
            });
        }
    }

    @Test
    void aTimeBeforeTheYear2000IsAUnitMistakeNotATime() {
        CanonicalDisposition e = TrustedTimes.check(at(Instant.ofEpochMilli(1_763_900_000L)), RECEIVED, SKEW);
        assertThat(e.occurredAt()).isEqualTo(RECEIVED);
        assertThat(e.warnings()).extracting(Warning::code).containsExactly(Warning.UNTRUSTED_TIME);
    }

    @Test
    void theReceiptTimeIsNeverQuestioned() {
        CanonicalDisposition receipt = CanonicalDisposition.builder("default", "generic", "c1").occurredAt(RECEIVED, "receipt")
                .state(CallState.COMPLETED).outcome(Outcome.BUSY).build();
        assertThat(TrustedTimes.check(receipt, RECEIVED, SKEW)).isSameAs(receipt);
    }
}
