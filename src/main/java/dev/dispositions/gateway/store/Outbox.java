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
     * Claims up to {@code limit} rows of each kind (the activity, each outcome action, do-not-contact) of a connector,
     * the longest-waiting first, that are due now, or whose earlier claim lapsed (the dispatcher holding it died). Claimed rows are invisible to other dispatchers until {@code lease} has passed. A row whose call
     * already has a row in flight to the same CRM waits, so one call's writes to one CRM never overlap.
     */
    default List<Claimed> claimDue(int limit, Duration lease, Instant now) {
        return claimDue(null, null, limit, lease, now, null);
    }

    /**
     * As {@link #claimDue(int, Duration, Instant)}, for one tenant's connector (both null: any).
     *
     * @param claimant the instance claiming, recorded on the rows ({@link #retake})
     */
    List<Claimed> claimDue(String tenant, String crm, int limit, Duration lease, Instant now, String claimant);

    /** Extends the leases of rows still in flight under this claimant: a slow CRM call does not lose its claim. */
    int renew(java.util.Collection<Long> outboxIds, String claimant, Instant leaseUntil);

    /**
     * The claimant's rows still in flight, made due at once: an instance restarted under the same name (it died
     * holding them) does not wait out its own leases.
     */
    int retake(String claimant, Instant now);

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

    /** Every (tenant, CRM) with rows in the outbox, due or not: for a periodic sweep (one index look-up per connector). */
    List<List<String>> connectorsWithRows();

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

    /**
     * One result and its fate.
     *
     * @param item       the claimed row it is about (its kind decides whether the compliance audit records it)
     * @param durationMs from the claim to this settlement
     * @param claimant   the instance whose claim this settles: a row another has taken since is not touched
     */
    record Settled(DeliveryItem item, String tenant, String crm, DeliveryResult result, Settlement settlement, long durationMs,
                   String claimant) {
    }

    /**
     * Settles a batch's results in one transaction of batched statements: the rows' new status, an attempt each (a
     * summary for a success; what was sent and answered for a failure) and a compliance-audit entry for every
     * do-not-contact attempt. Only rows still in flight under their claimant are settled (a lapsed claim another
     * instance took over, or a batch recorded twice, changes nothing).
     *
     * @return the results that were settled
     */
    List<Settled> settle(List<Settled> results, Instant now);

    int attemptsOf(long outboxId);

    /**
     * Queues a notice of a failed delivery to one of the tenant's destinations: a row of the same event, action
     * {@code failed:<failed row>}, the account of it in its note. Once per failed row and destination.
     */
    void raiseNotice(DeliveryItem failed, String tenant, String destination, String note, Instant now);

    /** Claimed rows that were not sent (the connector's breaker is open, or it is held): due again at {@code nextAttemptAt}, no attempt used. */
    void release(List<Long> outboxIds, Instant nextAttemptAt, Instant now);
}
