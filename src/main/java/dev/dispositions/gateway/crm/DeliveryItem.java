package dev.dispositions.gateway.crm;

import dev.dispositions.gateway.canonical.CanonicalDisposition;

/** One outbox row handed to a connector: the event to write and which attempt this is. */
public record DeliveryItem(long outboxId, String eventId, int attempt, CanonicalDisposition event) {
}
