package dev.dispositions.gateway.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Alerts to tenants: who subscribed to what, each alert raised once per subject, and its sending to each
 * subscription with retries. Several replicas share the tables: a send is claimed by moving its next attempt on.
 */
@Repository
public class AlertRecords {
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    AlertRecords(JdbcTemplate jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    /**
     * @param channel         {@code email} or {@code destination}
     * @param target          the address, or the destination's id
     * @param heldAfterMinutes how long a connector is held or failing before a {@code held} alert
     */
    public record Subscription(String id, String tenant, String channel, String target, List<String> kinds, int heldAfterMinutes,
                               OffsetDateTime createdAt, String createdBy) {
        public boolean wants(String kind) {
            return kinds.contains(kind);
        }
    }

    /** One alert sent (or being sent) to one subscription. */
    public record Sent(long id, long alertId, String tenant, String kind, String subject, String title, String body, String channel,
                       String target, String subscriptionId, String status, int attempts, String lastError, OffsetDateTime raisedAt,
                       OffsetDateTime sentAt) {
    }

    public void subscribe(Subscription s) {
        jdbc.update("insert into alert_subscription (id, tenant, channel, target, kinds, held_after_minutes, created_at, created_by) "
                + "values (?, ?, ?, ?, ?, ?, ?, ?)", s.id(), s.tenant(), s.channel(), s.target(), String.join(",", s.kinds()),
                s.heldAfterMinutes(), s.createdAt(), s.createdBy());
    }

    public List<Subscription> subscriptions(String tenant) {
        return jdbc.query("select id, tenant, channel, target, kinds, held_after_minutes, created_at, created_by from alert_subscription "
                + "where tenant = ? order by created_at, id", (rs, i) -> new Subscription(rs.getString(1), rs.getString(2), rs.getString(3),
                rs.getString(4), Arrays.asList(rs.getString(5).split(",")), rs.getInt(6), rs.getObject(7, OffsetDateTime.class),
                rs.getString(8)), tenant);
    }

    /** The tenants with a subscription to this kind. */
    public List<String> tenantsWanting(String kind) {
        return jdbc.queryForList("select distinct tenant from alert_subscription where ',' || kinds || ',' like ?", String.class,
                "%," + kind + ",%");
    }

    /** Ends it; what was queued for it and not sent goes too. */
    public boolean unsubscribe(String tenant, String id) {
        return Boolean.TRUE.equals(tx.execute(status -> {
            if (jdbc.update("delete from alert_subscription where tenant = ? and id = ?", tenant, id) != 1) {
                return false;
            }
            jdbc.update("delete from alert_send where subscription_id = ? and status = 'PENDING'", id);
            return true;
        }));
    }

    /** Alerts raised before {@code before}, with their sends: kept as long as dead letters. Returns how many went. */
    public int forgetBefore(Instant before) {
        Integer gone = tx.execute(status -> {
            jdbc.update("delete from alert_send where alert_id in (select id from alert where raised_at < ?)", EventStore.utc(before));
            return jdbc.update("delete from alert where raised_at < ?", EventStore.utc(before));
        });
        return gone == null ? 0 : gone;
    }

    /**
     * Raises an alert once per (tenant, kind, subject) and queues it for each subscription given. Returns false when
     * it was raised before (by this replica or another).
     */
    public boolean raise(String tenant, String kind, String subject, String title, String body, List<Subscription> to, Instant now) {
        try {
            return Boolean.TRUE.equals(tx.execute(status -> {
                if (!jdbc.queryForList("select id from alert where tenant = ? and kind = ? and subject = ?", Long.class, tenant, kind, subject)
                        .isEmpty()) {
                    return false;
                }
                jdbc.update("insert into alert (tenant, kind, subject, title, body, raised_at) values (?, ?, ?, ?, ?, ?)", tenant, kind,
                        cut(subject, 255), cut(title, 255), cut(body, 4000), EventStore.utc(now));
                long id = jdbc.queryForObject("select id from alert where tenant = ? and kind = ? and subject = ?", Long.class, tenant, kind,
                        cut(subject, 255));
                for (Subscription s : to) {
                    jdbc.update("insert into alert_send (alert_id, subscription_id, channel, target, status, attempts, next_attempt_at) "
                            + "values (?, ?, ?, ?, 'PENDING', 0, ?)", id, s.id(), s.channel(), s.target(), EventStore.utc(now));
                }
                return true;
            }));
        } catch (DuplicateKeyException raisedMeanwhile) {
            return false;
        }
    }

    /** Sends due now, claimed for {@code leaseSeconds} (another replica takes them only after that). */
    public List<Sent> claimDue(int limit, Instant now, long leaseSeconds) {
        return tx.execute(status -> {
            List<Long> ids = jdbc.queryForList("select id from alert_send where status = 'PENDING' and next_attempt_at <= ? "
                    + "order by next_attempt_at, id fetch first " + limit + " rows only for update skip locked", Long.class, EventStore.utc(now));
            List<Sent> due = new java.util.ArrayList<>();
            for (long id : ids) {
                jdbc.update("update alert_send set next_attempt_at = ? where id = ?", EventStore.utc(now.plusSeconds(leaseSeconds)), id);
                due.addAll(jdbc.query(SENT + " where s.id = ?", (rs, i) -> sent(rs), id));
            }
            return due;
        });
    }

    public void sent(long id, Instant now) {
        jdbc.update("update alert_send set status = 'SENT', attempts = attempts + 1, sent_at = ?, last_error = null where id = ?",
                EventStore.utc(now), id);
    }

    /** A failed try: again at {@code next}, or FAILED for good when {@code next} is null. */
    public void failed(long id, String error, Instant next) {
        jdbc.update("update alert_send set status = ?, attempts = attempts + 1, last_error = ?, next_attempt_at = coalesce(?, next_attempt_at) "
                + "where id = ?", next == null ? "FAILED" : "PENDING", cut(error, 1000), EventStore.utc(next), id);
    }

    /** The tenant's alerts, newest first, one row per subscription they went to. */
    public List<Sent> recent(String tenant, int limit) {
        return jdbc.query(SENT + " where a.tenant = ? order by a.raised_at desc, s.id desc fetch first " + limit + " rows only",
                (rs, i) -> sent(rs), tenant);
    }

    private static final String SENT = "select s.id, a.id, a.tenant, a.kind, a.subject, a.title, a.body, s.channel, s.target, "
            + "s.subscription_id, s.status, s.attempts, s.last_error, a.raised_at, s.sent_at from alert_send s join alert a on a.id = s.alert_id";

    private static Sent sent(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Sent(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11), rs.getInt(12), rs.getString(13),
                rs.getObject(14, OffsetDateTime.class), rs.getObject(15, OffsetDateTime.class));
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
