package dev.dispositions.gateway.ingest;

import dev.dispositions.gateway.canonical.CanonicalDisposition;
import dev.dispositions.gateway.canonical.Warning;
import java.time.Duration;
import java.time.Instant;

/**
 * Whether a vendor's time may order a call's events. One event dated 9999-12-31 would otherwise make every later
 * event of its call "older" and send nothing more for it; one dated 1970 (seconds read as milliseconds) would be
 * superseded at once. Such a time is replaced by the receipt time, with a warning on the event.
 */
final class TrustedTimes {
    /** No dialer webhook predates this; an earlier time is a unit or clock mistake. */
    static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

    private TrustedTimes() {
    }

    static CanonicalDisposition check(CanonicalDisposition event, Instant receivedAt, Duration maxFutureSkew) {
        if (!"vendor".equals(event.occurredAtSource())) {
            return event;
        }
        Instant at = event.occurredAt();
        if (at.isAfter(receivedAt.plus(maxFutureSkew))) {
            return event.withOccurredAt(receivedAt, "receipt", new Warning(Warning.UNTRUSTED_TIME, "untrusted time: the vendor's time "
                    + at + " is more than " + human(maxFutureSkew) + " after the webhook arrived; the event is ordered by its receipt time"));
        }
        if (at.isBefore(EARLIEST)) {
            return event.withOccurredAt(receivedAt, "receipt", new Warning(Warning.UNTRUSTED_TIME, "untrusted time: the vendor's time "
                    + at + " is before " + EARLIEST + "; the event is ordered by its receipt time"));
        }
        return event;
    }

    private static String human(Duration d) {
        return d.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    }
}
