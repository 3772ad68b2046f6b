package dev.dispositions.gateway.delivery;

import dev.dispositions.gateway.canonical.CanonicalDisposition;
import java.time.Instant;

/**
 * One outbox row handed to a connector: the event to write and which attempt this is.
 *
 * @param crmRecordId the record already written for this call in this CRM: update it rather than create a second
 *                    one (null: create)
 * @param action      what to do in the CRM: {@link #ACTIVITY} or {@link #DO_NOT_CONTACT}
 * @param acceptedAt  when the webhook was accepted (its 202), for the delivery latency; null where nothing was accepted
 *                    (a preview, an install check)
 */
public record DeliveryItem(long outboxId, String eventId, int attempt, CanonicalDisposition event, String crmRecordId,
                           String action, Instant acceptedAt) {
    /** The call activity (Task, call engagement, Note). */
    public static final String ACTIVITY = "activity";
    /** The locked compliance action: the person's do-not-call flag, in every CRM, whatever the mappings say. */
    public static final String DO_NOT_CONTACT = "do-not-contact";

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
}
