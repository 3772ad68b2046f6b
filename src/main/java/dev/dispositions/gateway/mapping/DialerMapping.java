package dev.dispositions.gateway.mapping;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.dispositions.gateway.canonical.Outcome;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code mappings/dialers/<dialer>.yaml}: how a dialer's own words become canonical outcomes.
 *
 * @param acceptCanonicalNames a label equal to an {@link Outcome} name maps to that outcome (the generic dialer)
 * @param liveStates           labels that mean the call is still going: kept on the timeline, never sent to a CRM
 * @param labels               vendor label → outcome, or a rule that picks the outcome by call duration
 * @param unknownLabel         what a label missing from {@code labels} becomes: a fallback outcome, or a rejection
 */
public record DialerMapping(
        String dialer,
        String description,
        boolean acceptCanonicalNames,
        List<String> liveStates,
        Map<String, LabelRule> labels,
        UnknownLabel unknownLabel) {

    public DialerMapping {
        liveStates = liveStates == null ? List.of() : List.copyOf(liveStates);
        labels = labels == null ? Map.of() : new LinkedHashMap<>(labels);
    }

    /** What a label resolves to. Exactly one of the fields is set. */
    public record Resolution(Outcome outcome, boolean live, String rejectReason, boolean fallbackUsed) {
    }

    public Resolution resolve(String label, Integer durationSeconds) {
        if (label != null && liveStates.contains(label)) {
            return new Resolution(null, true, null, false);
        }
        LabelRule rule = label == null ? null : labels.get(label);
        if (rule != null) {
            return new Resolution(rule.pick(durationSeconds), false, null, false);
        }
        if (acceptCanonicalNames && Outcome.byName(label) != null) {
            return new Resolution(Outcome.byName(label), false, null, false);
        }
        if (unknownLabel != null && unknownLabel.fallback() != null) {
            return new Resolution(Outcome.valueOf(unknownLabel.fallback()), false, null, true);
        }
        String why = unknownLabel == null || unknownLabel.reject() == null
                ? "the label is not in mappings/dialers/" + dialer + ".yaml" : unknownLabel.reject();
        return new Resolution(null, false, why, false);
    }

    /**
     * An outcome, written as a plain string, or a duration rule
     * {@code {byDuration: {atLeastSeconds: 1, then: CONNECTED, otherwise: NO_ANSWER}}} (Calliyo's rule: a call
     * with talk time is connected).
     */
    public record LabelRule(String outcome, ByDuration byDuration) {
        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        public static LabelRule of(String outcome) {
            return new LabelRule(outcome, null);
        }

        @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
        public static LabelRule rule(@JsonProperty("byDuration") ByDuration byDuration) {
            return new LabelRule(null, byDuration);
        }

        Outcome pick(Integer durationSeconds) {
            if (outcome != null) {
                return Outcome.valueOf(outcome);
            }
            boolean longEnough = durationSeconds != null && durationSeconds >= byDuration.atLeastSeconds();
            return Outcome.valueOf(longEnough ? byDuration.then() : byDuration.otherwise());
        }
    }

    public record ByDuration(int atLeastSeconds, String then, String otherwise) {
    }

    /** Exactly one of: {@code fallback: <OUTCOME>} or {@code reject: "<reason shown to the dialer>"}. */
    public record UnknownLabel(String fallback, String reject) {
    }
}
