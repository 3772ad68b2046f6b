package dev.dispositions.gateway.canonical;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks the facts a canonical disposition must hold before it is stored. Adapters report vendor field names;
 * this names canonical ones, which for the generic dialer are also the payload's own.
 */
public final class CanonicalValidator {

    /** E.164: a plus, a non-zero country digit, at most 15 digits in all. */
    private static final Pattern E164 = Pattern.compile("\\+[1-9]\\d{1,14}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    static final int MAX_CALL_ID = 200;
    /** The vendor's id of one delivery (its redeliveries carry it again). */
    public static final int MAX_EVENT_ID = 255;
    /** RFC 5321's longest address. */
    static final int MAX_EMAIL = 254;

    private CanonicalValidator() {
    }

    public record Violation(String field, String reason, String detail) {
    }

    public static List<Violation> validate(CanonicalDisposition d) {
        List<Violation> out = new ArrayList<>();
        if (d.callId() == null || d.callId().isBlank()) {
            out.add(new Violation("callId", "missing_field", "every call event needs the dialer's call id"));
        } else if (d.callId().length() > MAX_CALL_ID) {
            out.add(new Violation("callId", "invalid_value", "a call id is at most " + MAX_CALL_ID + " characters"));
        }
        if (d.vendorEventId() != null && d.vendorEventId().length() > MAX_EVENT_ID) {
            out.add(new Violation("vendorEventId", "invalid_value", "an event id is at most " + MAX_EVENT_ID + " characters"));
        }
        if (d.state() == null) {
            out.add(new Violation("state", "missing_field", "the call state is unknown"));
        }
        if (d.state() == CallState.COMPLETED && d.outcome() == null) {
            out.add(new Violation("outcome", "missing_field", "a finished call needs an outcome"));
        }
        if (d.occurredAt() == null) {
            out.add(new Violation("occurredAt", "missing_field", "no event time, not even the receipt time"));
        }
        nonNegative(out, "durationSeconds", d.durationSeconds());
        nonNegative(out, "talkTimeSeconds", d.talkTimeSeconds());
        phone(out, "from", d.fromNumber());
        phone(out, "to", d.toNumber());
        phone(out, "prospect.phone", d.prospect().phone());
        email(out, "prospect.email", d.prospect().email());
        email(out, "agent.email", d.agent().email());
        return out;
    }

    public static boolean isEmail(String value) {
        return value != null && value.length() <= MAX_EMAIL && EMAIL.matcher(value).matches();
    }

    public static boolean isE164(String number) {
        return number != null && E164.matcher(number).matches();
    }

    private static void nonNegative(List<Violation> out, String field, Integer value) {
        if (value != null && value < 0) {
            out.add(new Violation(field, "invalid_value", "must be zero or more seconds"));
        }
    }

    private static void phone(List<Violation> out, String field, String value) {
        if (value != null && !isE164(value)) {
            out.add(new Violation(field, "invalid_phone_number", "must be an E.164 number such as +14155550100"));
        }
    }

    private static void email(List<Violation> out, String field, String value) {
        if (value != null && (value.length() > MAX_EMAIL || !EMAIL.matcher(value).matches())) {
            out.add(new Violation(field, "invalid_email", "must be an e-mail address"));
        }
    }
}
