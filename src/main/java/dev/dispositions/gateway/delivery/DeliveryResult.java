package dev.dispositions.gateway.delivery;

import java.time.Duration;

/**
 * What became of one item. The connector classifies the CRM's answer; what happens next (retry when, give up
 * when) is decided in one place, the dispatcher's retry policy.
 *
 * @param request    what was sent (JSON, no credentials), for support and replay
 * @param retryAfter how long the CRM asked us to wait, when it said so
 */
public record DeliveryResult(
        long outboxId,
        Kind kind,
        String crmRecordId,
        String request,
        Integer httpStatus,
        String response,
        String detail,
        Duration retryAfter) {

    public enum Kind {
        /** Written. */
        DONE,
        /** Nothing to write by design (the mapping ignores this outcome); closed with the reason. */
        SKIPPED,
        /** The CRM's rate limit: wait, without using up an attempt. */
        THROTTLED,
        /** Credentials refused even after the connector's own refresh. */
        AUTH,
        /** Worth retrying: 5xx, timeouts, connection errors, lock contention. */
        TRANSIENT,
        /** Retrying cannot help: the CRM rejected the data. */
        PERMANENT
    }

    public static DeliveryResult done(DeliveryItem item, String crmRecordId, String request, int status, String response) {
        return new DeliveryResult(item.outboxId(), Kind.DONE, crmRecordId, request, status, response, null, null);
    }

    /** Written, with something support should know (who it was linked to, or that no one matched). */
    public DeliveryResult noting(String note) {
        return note == null || kind != Kind.DONE ? this : new DeliveryResult(outboxId, kind, crmRecordId, request, httpStatus, response,
                detail == null ? note : note + "; " + detail, retryAfter);
    }

    public static DeliveryResult skipped(DeliveryItem item, String reason) {
        return new DeliveryResult(item.outboxId(), Kind.SKIPPED, null, null, null, null, reason, null);
    }

    /** Not delivered, and nothing reached the CRM (no person to write to, no connection, a rate limit already hit). */
    public static DeliveryResult notSent(DeliveryItem item, Kind kind, String detail) {
        return notSent(item, kind, detail, null);
    }

    /** @param retryAfter how long to wait before the next attempt, when that is known (a rate limit) */
    public static DeliveryResult notSent(DeliveryItem item, Kind kind, String detail, Duration retryAfter) {
        return new DeliveryResult(item.outboxId(), kind, null, null, null, null, detail, retryAfter);
    }

    /** Not delivered: what was sent, what the CRM answered, and how that was classified. */
    public static DeliveryResult failed(DeliveryItem item, Kind kind, String request, Integer status, String response,
                                        String detail, Duration retryAfter) {
        return new DeliveryResult(item.outboxId(), kind, null, request, status, response, detail, retryAfter);
    }
}
