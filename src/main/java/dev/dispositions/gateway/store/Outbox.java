package dev.dispositions.gateway.store;

import dev.dispositions.gateway.delivery.OutboxStatus;
import dev.dispositions.gateway.delivery.DeliveryItem;
import dev.dispositions.gateway.delivery.DeliveryResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The delivery schedule. Kept behind this interface so the event log can move to Kafka at scale (README.md#not-built-yet)
 * without touching the dispatcher.
 */
public interface Outbox {

    /** Statuses a row does not leave by itself (support may replay FAILED and DISCARDED ones). */
    java.util.Set<String> FINAL_STATUSES = OutboxStatus.FINAL.stream().map(Enum::name).collect(java.util.stream.Collectors.toSet());

    /**
     * A due row, claimed for this dispatcher until its lease lapses.
     *
     * @param supersededBy the call's newer finished-call event, when there is one: this row must not be sent
     */
    record Claimed(String tenant, String crm, DeliveryItem item, String supersededBy) {
    }

    /**
     * Claims up to {@code limit} rows of each kind (the activity, each outcome action, do-not-contact) and connector
     * that are due now, or whose earlier claim lapsed (the dispatcher holding it died). Claimed rows are invisible to other dispatchers until {@code lease} has passed. A row whose call
     * already has a row in flight to the same CRM waits, so one call's writes to one CRM never overlap.
     */
    default List<Claimed> claimDue(int limit, Duration lease, Instant now) {
        return claimDue(null, null, limit, lease, now);
    }

    /** As {@link #claimDue(int, Duration, Instant)}, for one tenant's connector (both null: any). */
    List<Claimed> claimDue(String tenant, String crm, int limit, Duration lease, Instant now);

    /**
     * What a tenant's connector has due now, counted up to a limit.
     *
     * @param due       rows due, at most the limit asked for
     * @param oldestDue since when the longest-waiting of them has been due (null: none due)
     */
    record DueConnector(String tenant, String crm, int due, Instant oldestDue) {
    }

    /**
     * How many rows of its fullest kind the connector has due now (and may be sent to), up to {@code limit}: bounded, so that a backlog
     * of many thousand rows costs what a batch does to look at.
     */
    DueConnector peekDue(String tenant, String crm, int limit, Instant now);

    /** Every (tenant, CRM) with rows due now: the whole outbox is read, so this is for a periodic sweep only. */
    List<List<String>> connectorsWithDueRows(Instant now);

    /**
     * What to do with a row after an attempt, as decided by the retry policy.
     *
     * @param deadReason for a dead letter (status FAILED): PERMANENT or EXHAUSTED
     */
    record Settlement(String status, int attempts, Instant nextAttemptAt, String deadReason) {
        public Settlement(String status, int attempts, Instant nextAttemptAt) {
            this(status, attempts, nextAttemptAt, null);
        }
    }

    void settle(DeliveryResult result, Settlement settlement, Instant now);

    int attemptsOf(long outboxId);

    /** Claimed rows that were not sent (the connector's breaker is open, or it is held): due again at {@code nextAttemptAt}, no attempt used. */
    void release(List<Long> outboxIds, Instant nextAttemptAt, Instant now);
}
