package dev.dispositions.gateway.delivery;

import dev.dispositions.gateway.canonical.CanonicalDisposition;
import java.time.Instant;

/**
 * One outbox row handed to a connector: the event to write and which attempt this is.
 *
 * @param crmRecordId the record already written for this call in this CRM: update it rather than create a second
 *                    one (null: create)
 * @param action      what to do in the CRM: {@link #ACTIVITY} or {@link #DO_NOT_CONTACT}; for a destination also a
 *                    failure notice, {@code failed:<the failed delivery's id>}
 * @param acceptedAt  when the webhook was accepted (its 202), for the delivery latency; null where nothing was accepted
 *                    (a preview, an install check)
 * @param note        a failure notice's account of what failed (JSON); null otherwise
 */
public record DeliveryItem(long outboxId, String eventId, int attempt, CanonicalDisposition event, String crmRecordId,
                           String action, Instant acceptedAt, String note) {
    /** The call activity (Task, call engagement, Note). */
    public static final String ACTIVITY = "activity";
    /** The locked compliance action: the person's do-not-call flag, in every CRM, whatever the mappings say. */
    public static final String DO_NOT_CONTACT = "do-not-contact";
    /** A destination's notice that another delivery of the event failed for good: {@code failed:<its outbox id>}. */
    public static final String FAILURE_NOTICE = "failed:";

    public DeliveryItem(long outboxId, String eventId, int attempt, CanonicalDisposition event, String crmRecordId, String action,
                        Instant acceptedAt) {
        this(outboxId, eventId, attempt, event, crmRecordId, action, acceptedAt, null);
    }

    /** An item that was never accepted from a dialer (a preview, an install check). */
    public DeliveryItem(long outboxId, String eventId, int attempt, CanonicalDisposition event, String crmRecordId, String action) {
        this(outboxId, eventId, attempt, event, crmRecordId, action, null);
    }

    public boolean isUpdate() {
        return crmRecordId != null;
    }

    public boolean isActivity() {
        return ACTIVITY.equals(action);
    }

    public boolean isDoNotContact() {
        return DO_NOT_CONTACT.equals(action);
    }

    public boolean isFailureNotice() {
        return action != null && action.startsWith(FAILURE_NOTICE);
    }
}
