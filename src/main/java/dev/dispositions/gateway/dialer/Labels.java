package dev.dispositions.gateway.dialer;

import dev.dispositions.gateway.canonical.Outcome;
import dev.dispositions.gateway.canonical.Warning;
import dev.dispositions.gateway.mapping.DialerMapping;
import dev.dispositions.gateway.mapping.LabelResolution;
import dev.dispositions.gateway.mapping.OptOutPhrases;
import java.util.List;
import java.util.Map;

/**
 * A finished call's vendor label through the dialer file (with the tenant's labels): its outcome, or a 422. What the
 * gateway had to decide (a fallback, an inferred opt-out) is recorded on the event, never silent.
 */
public final class Labels {
    private Labels() {
    }

    /**
     * @param field        where the label came from, named in a refusal
     * @param vendorLabels receives the label, and {@link DialerMapping#FALLBACK_FOR} or
     *                     {@link DialerMapping#OPT_OUT_INFERRED_FROM} when the table did not decide
     * @param warnings     receives what a person should know about the decision
     */
    public static Outcome outcome(DialerMapping mapping, String label, Integer durationSeconds, String field,
                                  Map<String, String> vendorLabels, List<Warning> warnings) {
        return outcome(mapping, mapping.resolve(label, durationSeconds), label, field, vendorLabels, warnings);
    }

    /** The same for a resolution already made (refined by a second field, say); {@code label} is the main label. */
    public static Outcome outcome(DialerMapping mapping, LabelResolution r, String label, String field,
                                  Map<String, String> vendorLabels, List<Warning> warnings) {
        switch (r.kind()) {
            case REJECTED -> throw WebhookRejected.unprocessable("unknown_outcome", field, "'" + r.label() + "': " + r.rejectReason());
            case TOO_LONG -> throw WebhookRejected.unprocessable("invalid_value", field, r.rejectReason());
            case REJECTED_OPT_OUT -> throw new WebhookRejected.PossibleOptOut(field, r.label(), "'" + r.label() + "' " + r.rejectReason());
            case FALLBACK -> {
                vendorLabels.put(DialerMapping.FALLBACK_FOR, r.label());
                warnings.add(new Warning(Warning.UNMAPPED_LABEL, "unmapped label '" + r.label() + "': recorded as " + r.outcome()
                        + ", the fallback of mappings/dialers/" + mapping.dialer() + ".yaml; map it there or in the tenant's labels"));
            }
            case INFERRED_OPT_OUT -> {
                vendorLabels.put(DialerMapping.OPT_OUT_INFERRED_FROM, r.label());
                warnings.add(new Warning(Warning.POSSIBLE_OPT_OUT, OptOutPhrases.treatedAsOptOut(r.label())
                        + "; map it to confirm (to DO_NOT_CONTACT, or to what it means)"));
            }
            default -> {
            }
        }
        if (r.unmappedRefinement() != null) {
            warnings.add(new Warning(Warning.UNMAPPED_LABEL, "unmapped label '" + r.unmappedRefinement() + "': it did not refine "
                    + r.outcome() + " (not in the refinement of mappings/dialers/" + mapping.dialer() + ".yaml or the tenant's labels)"));
        }
        if (label != null) {
            vendorLabels.put("label", shown(label));
        }
        return r.outcome();
    }

    /** A label as it is recorded: cut at the longest a label can be. */
    public static String shown(String label) {
        return label.length() > DialerMapping.MAX_LABEL ? label.substring(0, DialerMapping.MAX_LABEL) + "…" : label;
    }

    /** The outcome of the label that decides among several fields ({@link DialerMapping#pick}). */
    public static Outcome outcomeOf(DialerMapping mapping, List<String> candidates, Integer durationSeconds, String field,
                                    Map<String, String> vendorLabels, List<Warning> warnings) {
        String label = mapping.pick(candidates);
        passedOver(mapping, candidates, label, vendorLabels, warnings);
        return outcome(mapping, label, durationSeconds, field, vendorLabels, warnings);
    }

    /**
     * A label the dialer sent where it takes precedence (a rep's disposition before the dialer's status, the newest tag)
     * that the table does not know, so a later one decided: said on the event, never dropped silently. A bare number
     * is a customer's disposition id (Salesfinity, Outreach) sent beside its name: mapping it is optional.
     */
    public static void passedOver(DialerMapping mapping, List<String> candidates, String picked, Map<String, String> vendorLabels,
                                  List<Warning> warnings) {
        for (String c : candidates) {
            if (c == null || c.isBlank()) {
                continue;
            }
            if (c.equals(picked)) {
                return;
            }
            if (!mapping.knows(c) && !c.chars().allMatch(Character::isDigit) && !vendorLabels.containsKey(DialerMapping.PASSED_OVER)) {
                vendorLabels.put(DialerMapping.PASSED_OVER, c);
                warnings.add(new Warning(Warning.UNMAPPED_LABEL, "unmapped label '" + c + "': not in mappings/dialers/" + mapping.dialer()
                        + ".yaml or the tenant's labels, so '" + picked + "' decided the outcome; map it there"));
            }
        }
    }
}
