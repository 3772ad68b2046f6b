package dev.dispositions.gateway.crm;

import dev.dispositions.gateway.delivery.DeliveryResult;
import java.time.Duration;
import java.util.List;

/**
 * What one answer meant: a result for each item a write settled, or facts a look-up found for the next round.
 *
 * @param results one per item the call carried, for a write (a look-up that failed settles its items too)
 * @param facts   what a look-up learned
 */
public record Reading(List<DeliveryResult> results, List<Fact> facts) {
    public Reading {
        results = List.copyOf(results);
        facts = List.copyOf(facts);
    }

    public static Reading settled(List<DeliveryResult> results) {
        return new Reading(results, List.of());
    }

    public static Reading learned(List<Fact> facts) {
        return new Reading(List.of(), facts);
    }

    /**
     * One thing a look-up found, by a key the connector chooses ({@code person:phone:+14155550100}).
     *
     * @param value what was found; null when the look-up found nothing, which is a fact too
     * @param keep  how long other deliveries of the tenant may use it; zero: this delivery only (a Note looked up
     *              before a create must be looked up afresh each time)
     */
    public record Fact(String key, String value, Duration keep) {
        public static Fact once(String key, String value) {
            return new Fact(key, value, Duration.ZERO);
        }
    }
}
