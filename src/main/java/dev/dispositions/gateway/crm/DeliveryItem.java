package dev.dispositions.gateway.crm;

import dev.dispositions.gateway.canonical.CanonicalDisposition;

/**
 * One outbox row handed to a connector: the event to write and which attempt this is.
 *
 * @param crmRecordId the record already written for this call in this CRM: update it rather than create a second
 *                    one (null: create)
 */
public record DeliveryItem(long outboxId, String eventId, int attempt, CanonicalDisposition event, String crmRecordId) {

    public boolean isUpdate() {
        return crmRecordId != null;
    }
}
