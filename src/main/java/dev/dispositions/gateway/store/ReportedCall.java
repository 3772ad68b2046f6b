package dev.dispositions.gateway.store;

import dev.dispositions.gateway.canonical.CanonicalDisposition;
import dev.dispositions.gateway.canonical.Outcome;
import dev.dispositions.gateway.canonical.OutcomeCategory;
import dev.dispositions.gateway.canonical.Warning;
import java.time.LocalDate;

/**
 * What one finished call adds to its day's outcome report (README: Reports, the definitions).
 *
 * @param agent     the agent's e-mail, else id, else "" (none)
 * @param connected talk time above zero where the dialer reports it, else a duration above zero where it reports one
 *                  (Calliyo's rule), else an outcome of the connected category
 * @param labelled  the rep or the dialer chose an outcome: a label was sent
 * @param mapped    a label was sent and the mapping read it, without a fallback (no unmapped label, no inferred opt-out)
 */
record ReportedCall(String eventId, java.time.Instant occurredAt, LocalDate day, String agent, String campaign, String list, Outcome outcome,
                    boolean connected, boolean labelled, boolean mapped, boolean inferredOptOut) {

    /** @param occurredAt the event's time as stored (the vendor's, or the receipt time standing in for it) */
    static ReportedCall of(String eventId, CanonicalDisposition e, java.time.Instant occurredAt, java.time.ZoneId zone) {
        String agent = e.agent().email() != null ? e.agent().email() : e.agent().id() != null ? e.agent().id() : "";
        boolean connected = e.talkTimeSeconds() != null ? e.talkTimeSeconds() > 0
                : e.durationSeconds() != null ? e.durationSeconds() > 0
                : e.outcome() != null && e.outcome().category() == OutcomeCategory.CONNECTED;
        boolean inferred = e.warnings().stream().anyMatch(w -> Warning.POSSIBLE_OPT_OUT.equals(w.code()));
        boolean fellBack = inferred || e.warnings().stream().anyMatch(w -> Warning.UNMAPPED_LABEL.equals(w.code()));
        boolean labelled = e.vendorLabels() != null && !e.vendorLabels().isEmpty();
        return new ReportedCall(eventId, occurredAt, LocalDate.ofInstant(occurredAt, zone), agent, orNone(e.campaign()), orNone(e.list()),
                e.outcome(), connected, labelled, labelled && !fellBack, inferred && e.outcome() == Outcome.DO_NOT_CONTACT);
    }

    /** The same call counted on its day in another time zone. */
    ReportedCall in(java.time.ZoneId zone) {
        return new ReportedCall(eventId, occurredAt, LocalDate.ofInstant(occurredAt, zone), agent, campaign, list, outcome, connected, labelled,
                mapped, inferredOptOut);
    }

    private static String orNone(String s) {
        return s == null ? "" : s.length() > 255 ? s.substring(0, 255) : s;
    }

    /** Its counts in report_day's order: calls, connects, meetings, callbacks, follow-ups, opt-outs, inferred ones, labelled, mapped. */
    int[] counts() {
        return new int[] {1, connected ? 1 : 0, outcome == Outcome.MEETING_BOOKED ? 1 : 0, outcome == Outcome.CALLBACK_REQUESTED ? 1 : 0,
                outcome == Outcome.FOLLOW_UP ? 1 : 0, outcome == Outcome.DO_NOT_CONTACT ? 1 : 0, inferredOptOut ? 1 : 0, labelled ? 1 : 0,
                mapped ? 1 : 0};
    }
}
