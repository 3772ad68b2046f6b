package dev.dispositions.gateway.mapping;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.dispositions.gateway.canonical.Outcome;
import dev.dispositions.gateway.mapping.DeclarativeDialer.Field;
import dev.dispositions.gateway.mapping.DeclarativeDialer.Fields;
import dev.dispositions.gateway.mapping.DeclarativeDialer.Request;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code mappings/dialers/<dialer>.yaml}: how a dialer's own words become canonical outcomes. Every label is
 * compared on its {@link LabelNormalForm}.
 *
 * @param acceptCanonicalNames a label equal to an {@link Outcome} name maps to that outcome (the generic dialer)
 * @param liveStates           labels that mean the call is still going: kept on the timeline, never sent to a CRM
 * @param labels               vendor label → outcome, or a rule that picks the outcome by call duration
 * @param possibleOptOut       what a label missing from {@code labels} that reads like an opt-out becomes:
 *                             {@code do-not-contact} (the default) or {@code reject} (422 {@code possible_opt_out})
 * @param refine               outcome → a second field that may refine it (Calliyo's lead status refines "Called")
 * @param unknownLabel         what any other label missing from {@code labels} becomes: a fallback, or a rejection
 */
public record DialerMapping(
        String dialer,
        String description,
        boolean acceptCanonicalNames,
        List<String> liveStates,
        LabelTable labels,
        PossibleOptOut possibleOptOut,
        Map<String, Refinement> refine,
        UnknownLabel unknownLabel,
        Request request,
        Fields fields,
        List<Example> examples) {

    /** Vendor-label key under which an event records the label that fell back to {@code unknownLabel.fallback}. */
    public static final String FALLBACK_FOR = "fallbackFor";
    /** Vendor-label key under which an event records an unknown label that a later field's label overruled. */
    public static final String PASSED_OVER = "unmappedLabel";
    /** Vendor-label key under which an event records the label that was read as an opt-out. */
    public static final String OPT_OUT_INFERRED_FROM = "optOutInferredFrom";
    /** No dialer's vocabulary has longer labels; a longer one is free text or a broken sender, never in a table. */
    public static final int MAX_LABEL = 200;

    public DialerMapping {
        examples = examples == null ? List.of() : List.copyOf(examples);
        liveStates = liveStates == null ? List.of() : List.copyOf(liveStates);
        labels = labels == null ? LabelTable.EMPTY : labels;
        possibleOptOut = possibleOptOut == null ? PossibleOptOut.DO_NOT_CONTACT : possibleOptOut;
        refine = refine == null ? Map.of() : new LinkedHashMap<>(refine);
    }

    /** Whether this label is in the table, a live state, or a canonical name this file accepts. */
    public boolean knows(String label) {
        return labels.contains(label) || isLive(label) || canonicalName(label) != null;
    }

    public boolean isLive(String label) {
        return label != null && liveStates.stream().anyMatch(live -> LabelNormalForm.same(live, label));
    }

    /**
     * Of several fields that may carry the label (a disposition, then a status), the one that decides: a live
     * state anywhere keeps the call live; then a do-not-contact anywhere (mapped, then read as an opt-out); then the
     * first label the table knows (a specific vocabulary wins over a generic one); else the first one present.
     */
    public String pick(List<String> candidates) {
        List<String> present = candidates.stream().filter(c -> c != null && !c.isBlank()).toList();
        return present.stream().filter(this::isLive).findFirst()
                .or(() -> present.stream().filter(c -> resolve(c, null).kind() == LabelResolution.Kind.MAPPED
                        && resolve(c, null).outcome() == Outcome.DO_NOT_CONTACT).findFirst())
                .or(() -> present.stream().filter(c -> resolve(c, null).meansDoNotContact()).findFirst())
                .or(() -> present.stream().filter(this::knows).findFirst())
                .orElse(present.isEmpty() ? null : present.get(0));
    }

    public LabelResolution resolve(String label, Integer durationSeconds) {
        if (isLive(label)) {
            return new LabelResolution(null, LabelResolution.Kind.LIVE, label, null);
        }
        if (label != null && label.length() > MAX_LABEL) {
            String shown = label.substring(0, MAX_LABEL) + "…";
            return OptOutPhrases.readLikeAnOptOut(label) ? possibleOptOut(shown)
                    : new LabelResolution(null, LabelResolution.Kind.TOO_LONG, shown, "an outcome label is at most " + MAX_LABEL + " characters");
        }
        LabelRule rule = labels.find(label);
        if (rule != null) {
            return new LabelResolution(rule.pick(durationSeconds), LabelResolution.Kind.MAPPED, label, null);
        }
        if (canonicalName(label) != null) {
            return new LabelResolution(canonicalName(label), LabelResolution.Kind.MAPPED, label, null);
        }
        if (OptOutPhrases.readLikeAnOptOut(label)) {
            return possibleOptOut(label);
        }
        if (unknownLabel != null && unknownLabel.fallback() != null) {
            return new LabelResolution(Outcome.valueOf(unknownLabel.fallback()), LabelResolution.Kind.FALLBACK, label, null);
        }
        String why = unknownLabel == null || unknownLabel.reject() == null
                ? "the label is not in mappings/dialers/" + dialer + ".yaml" : unknownLabel.reject();
        return new LabelResolution(null, LabelResolution.Kind.REJECTED, label, why);
    }

    /**
     * The outcome after the file's refinements. A refinement applies only to its own outcome ("Busy" never becomes
     * "Interested"), except that a refining value meaning do-not-contact applies to any finished call, even one
     * whose main label is refused.
     *
     * @param read the value of a refinement's field in this payload
     */
    public LabelResolution refined(LabelResolution base, Integer durationSeconds, Function<Field, String> read) {
        if (base.live() || base.outcome() == Outcome.DO_NOT_CONTACT) {
            return base;
        }
        for (Refinement r : refine.values()) {
            String value = read.apply(r.from());
            LabelRule rule = r.table(labels).find(value);
            if (rule != null && rule.pick(durationSeconds) == Outcome.DO_NOT_CONTACT) {
                return new LabelResolution(Outcome.DO_NOT_CONTACT, LabelResolution.Kind.MAPPED, value, null);
            }
            if (rule == null && OptOutPhrases.readLikeAnOptOut(value)) {
                return possibleOptOut(value.length() > MAX_LABEL ? value.substring(0, MAX_LABEL) + "…" : value);
            }
        }
        Refinement own = base.outcome() == null ? null : refine.get(base.outcome().name());
        String value = own == null ? null : read.apply(own.from());
        if (value == null) {
            return base;
        }
        LabelRule rule = own.table(labels).find(value);
        return rule == null ? new LabelResolution(base.outcome(), base.kind(), base.label(), base.rejectReason(), value)
                : new LabelResolution(rule.pick(durationSeconds), LabelResolution.Kind.MAPPED, value, null);
    }

    private LabelResolution possibleOptOut(String label) {
        if (possibleOptOut == PossibleOptOut.REJECT) {
            return new LabelResolution(null, LabelResolution.Kind.REJECTED_OPT_OUT, label, "reads like an opt-out but is not in "
                    + "mappings/dialers/" + dialer + ".yaml or the tenant's labels; map it (to DO_NOT_CONTACT or another outcome) and resend");
        }
        return new LabelResolution(Outcome.DO_NOT_CONTACT, LabelResolution.Kind.INFERRED_OPT_OUT, label, null);
    }

    /** The label the gateway recorded as not in the table (a fallback, or passed over for a later field), if any. */
    public static String unmappedLabelOf(Map<String, String> vendorLabels) {
        return vendorLabels.getOrDefault(FALLBACK_FOR, vendorLabels.get(PASSED_OVER));
    }

    /** The generic dialer's outcome names, also written with spaces ("No Answer" is NO_ANSWER). */
    private Outcome canonicalName(String label) {
        if (!acceptCanonicalNames || label == null) {
            return null;
        }
        String normal = LabelNormalForm.of(label).replace(' ', '_');
        for (Outcome o : Outcome.values()) {
            if (LabelNormalForm.of(o.name()).equals(normal)) {
                return o;
            }
        }
        return null;
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

    /**
     * A second field that refines one outcome: its value, looked up in {@code labels} (a file without them uses
     * the dialer's own table; a tenant's labels are laid over either), replaces the outcome; a value it does not
     * list leaves the outcome as it was.
     */
    public record Refinement(Field from, LabelTable labels) {
        Refinement over(Map<String, LabelRule> tenantLabels) {
            return labels == null ? this : new Refinement(from, labels.overlay(tenantLabels));
        }

        LabelTable table(LabelTable dialerTable) {
            return labels == null ? dialerTable : labels;
        }
    }

    /** A label and the outcome it must give ({@code LIVE} for a live state): the file documents and tests itself. */
    public record Example(String label, Integer durationSeconds, String expect) {
    }

    /** Exactly one of: {@code fallback: <OUTCOME>} or {@code reject: "<reason shown to the dialer>"}. */
    public record UnknownLabel(String fallback, String reject) {
    }

    /**
     * The file as one tenant uses it: its own labels laid over the table (an entry replaces the file's entry with
     * the same normal form) and over every refinement's, and its own {@code possibleOptOut} when it sets one.
     */
    public DialerMapping forTenant(Map<String, String> tenantLabels, PossibleOptOut tenantPossibleOptOut) {
        Map<String, LabelRule> rules = new LinkedHashMap<>();
        if (tenantLabels != null) {
            tenantLabels.forEach((label, outcome) -> rules.put(label, LabelRule.of(outcome)));
        }
        LabelTable table = labels.overlay(rules);
        Map<String, Refinement> refinements = new LinkedHashMap<>();
        refine.forEach((outcome, r) -> refinements.put(outcome, r.over(rules)));
        return new DialerMapping(dialer, description, acceptCanonicalNames, liveStates, table,
                tenantPossibleOptOut == null ? possibleOptOut : tenantPossibleOptOut, refinements, unknownLabel, request, fields,
                examples);
    }

    /** Whether this file alone defines the dialer (no Java adapter): it says how requests look and where facts are. */
    public boolean isDeclarative() {
        return request != null;
    }
}
