package dev.dispositions.gateway.canonical;

/**
 * What happened on a call, independent of any dialer or CRM. Every status of the five seed systems lands on
 * one of these (see docs/sources.md#seed-pages and the dialer mapping files).
 */
public enum Outcome {
    MEETING_BOOKED(OutcomeCategory.CONNECTED),
    INTERESTED(OutcomeCategory.CONNECTED),
    TRANSFERRED(OutcomeCategory.CONNECTED),
    TRANSFER_MISSED(OutcomeCategory.CONNECTED),
    CALLBACK_REQUESTED(OutcomeCategory.CONNECTED),
    FOLLOW_UP(OutcomeCategory.CONNECTED),
    NOT_INTERESTED(OutcomeCategory.CONNECTED),
    DISQUALIFIED(OutcomeCategory.CONNECTED),
    GATEKEEPER(OutcomeCategory.CONNECTED),
    CONNECTED(OutcomeCategory.CONNECTED),
    LEFT_VOICEMAIL(OutcomeCategory.UNREACHABLE),
    NO_ANSWER(OutcomeCategory.UNREACHABLE),
    BUSY(OutcomeCategory.UNREACHABLE),
    MISSED_INBOUND(OutcomeCategory.UNREACHABLE),
    WRONG_NUMBER(OutcomeCategory.BAD_DATA),
    DISCONNECTED(OutcomeCategory.BAD_DATA),
    FAILED(OutcomeCategory.NOT_PLACED),
    CANCELED(OutcomeCategory.NOT_PLACED),
    DO_NOT_CONTACT(OutcomeCategory.COMPLIANCE);

    private final OutcomeCategory category;

    Outcome(OutcomeCategory category) {
        this.category = category;
    }

    public OutcomeCategory category() {
        return category;
    }

    /** Returns the outcome with this exact name, or null. */
    public static Outcome byName(String name) {
        for (Outcome o : values()) {
            if (o.name().equals(name)) {
                return o;
            }
        }
        return null;
    }
}
