package dev.dispositions.gateway.dialer;

import dev.dispositions.gateway.canonical.Warning;
import java.time.Instant;
import java.util.List;

/**
 * When a call event happened, as its adapter read it: the vendor's time, or the receipt time when the vendor sent
 * none or one that cannot be read (then saying so). Whether a readable time is trusted is the ingest's to decide.
 *
 * @param source "vendor" or "receipt", as {@code CanonicalDisposition.occurredAtSource}
 */
public record VendorTime(Instant at, String source) {
    private static final int QUOTED = 60;

    /**
     * @param raw    what the vendor sent (null or blank: nothing)
     * @param parsed what the adapter made of it (null: unreadable)
     * @param field  where it was, named in the warning
     */
    public static VendorTime of(Object raw, Instant parsed, Instant receivedAt, String field, List<Warning> warnings) {
        if (parsed != null) {
            return new VendorTime(parsed, "vendor");
        }
        if (raw != null && !raw.toString().isBlank()) {
            String text = raw.toString();
            String quoted = text.length() > QUOTED ? text.substring(0, QUOTED) + "…" : text;
            warnings.add(new Warning(Warning.UNREADABLE_TIME, "unreadable time: '" + quoted + "' at " + field
                    + " is not a time this dialer's format allows; the event is ordered by its receipt time"));
        }
        return new VendorTime(receivedAt, "receipt");
    }

    /** Seconds since the epoch, or null when no instant is that far away (a broken sender, not a time). */
    public static Instant epochSeconds(Long seconds) {
        try {
            return seconds == null ? null : Instant.ofEpochSecond(seconds);
        } catch (java.time.DateTimeException e) {
            return null;
        }
    }
}
