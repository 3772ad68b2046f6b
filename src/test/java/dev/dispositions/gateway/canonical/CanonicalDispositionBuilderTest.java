package dev.dispositions.gateway.canonical;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CanonicalDispositionBuilderTest {

    private static final CanonicalDisposition FULL = CanonicalDisposition.builder("acme", "generic", "call-1")
            .vendorEventId("evt-1").occurredAt(Instant.parse("2026-12-01T09:00:00Z"), "vendor").state(CallState.COMPLETED)
            .outcome(Outcome.MEETING_BOOKED).direction(Direction.OUTBOUND).numbers("+14155550100", "+14155550199")
            .durations(300, 240).agent(new CanonicalDisposition.Agent("u1", "rep@example.org"))
            .prospect(new CanonicalDisposition.Prospect(Map.of("salesforce", "003000000000001AAA"), "ada@example.org", "+14155550199"))
            .sentiment("positive").notes("booked a demo").recordingUrl("https://rec.example.org/1")
            .callbackAt(Instant.parse("2026-12-02T09:00:00Z")).campaign("Q4").vendorLabels(Map.of("disposition", "Demo booked"))
            .warnings(List.of(new Warning(Warning.UNMAPPED_LABEL, "label 'x' was not in the mapping"))).build();

    @Test
    void everyFactLandsInItsOwnComponent() {
        assertThat(FULL.durationSeconds()).isEqualTo(300);
        assertThat(FULL.talkTimeSeconds()).isEqualTo(240);
        assertThat(FULL.fromNumber()).isEqualTo("+14155550100");
        assertThat(FULL.toNumber()).isEqualTo("+14155550199");
        assertThat(FULL.notes()).isEqualTo("booked a demo");
        assertThat(FULL.campaign()).isEqualTo("Q4");
        assertThat(FULL.occurredAtSource()).isEqualTo("vendor");
    }

    @Test
    void aCopyThroughTheBuilderIsEqual() {
        assertThat(FULL.toBuilder().build()).isEqualTo(FULL);
    }

    @Test
    void warnAddsWhereWarningsReplaces() {
        Warning more = new Warning("receipt_time", "the vendor's time was a week ahead");
        assertThat(FULL.toBuilder().warn(List.of(more)).build().warnings()).hasSize(2).endsWith(more);
        assertThat(FULL.toBuilder().warnings(List.of(more)).build().warnings()).containsExactly(more);
    }

    @Test
    void unsetFactsAreEmptyNotNull() {
        CanonicalDisposition bare = CanonicalDisposition.builder("acme", "generic", "call-2").build();
        assertThat(bare.prospect()).isEqualTo(CanonicalDisposition.Prospect.NONE);
        assertThat(bare.agent()).isEqualTo(CanonicalDisposition.Agent.NONE);
        assertThat(bare.vendorLabels()).isEmpty();
        assertThat(bare.warnings()).isEmpty();
    }
}
