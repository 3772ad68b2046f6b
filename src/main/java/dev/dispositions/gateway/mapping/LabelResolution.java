package dev.dispositions.gateway.mapping;

import dev.dispositions.gateway.canonical.Outcome;

/**
 * What a label resolves to; {@code label} is the vendor's word that decided it.
 *
 * @param unmappedRefinement a refining value the refinement does not list (the outcome stayed as it was)
 */
public record LabelResolution(Outcome outcome, Kind kind, String label, String rejectReason, String unmappedRefinement) {
    public enum Kind { MAPPED, LIVE, FALLBACK, INFERRED_OPT_OUT, REJECTED, REJECTED_OPT_OUT, TOO_LONG }

    LabelResolution(Outcome outcome, Kind kind, String label, String rejectReason) {
        this(outcome, kind, label, rejectReason, null);
    }

    public boolean live() {
        return kind == Kind.LIVE;
    }

    public boolean fallbackUsed() {
        return kind == Kind.FALLBACK;
    }

    public boolean meansDoNotContact() {
        return outcome == Outcome.DO_NOT_CONTACT || kind == Kind.REJECTED_OPT_OUT;
    }
}
