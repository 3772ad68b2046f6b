package dev.dispositions.gateway.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The dead-letter store: outbox rows a CRM refused (PERMANENT) or that used up their retries (EXHAUSTED), with the
 * CRM's own words, the request sent and every attempt. Support lists them, replays them (one, or many by filter
 * after a dry run) or discards them with a reason. A replay puts the row back on the schedule with a fresh retry
 * budget; the connector renders it again from the canonical event with the mapping files in use then.
 */
@Repository
public class DeadLetters {
    /** The most rows one bulk replay touches; a larger backlog is replayed in several calls. */
    public static final int MAX_BULK = 10_000;

    private final NamedParameterJdbcTemplate named;
    private final TransactionTemplate tx;

    public DeadLetters(NamedParameterJdbcTemplate named, TransactionTemplate tx) {
        this.named = named;
        this.tx = tx;
    }

    /**
     * One dead letter (or a discarded row).
     *
     * @param reason   PERMANENT or EXHAUSTED
     * @param result   the last attempt's class
     * @param crmError the CRM's own error text, as classified by the connector
     * @param hint     one line naming the fix, from the connector (null as stored: the API adds it)
     */
    public record DeadLetter(long id, String eventId, String tenant, String dialer, String callId, String crm, String action,
                             String outcome, String status, String reason, String result, String crmError, int attempts, int replays,
                             OffsetDateTime acceptedAt, OffsetDateTime deadAt, String hint) {
        public DeadLetter withHint(String hint) {
            return new DeadLetter(id, eventId, tenant, dialer, callId, crm, action, outcome, status, reason, result, crmError, attempts,
                    replays, acceptedAt, deadAt, hint);
        }
    }

    private static final String COLUMNS = "select o.id, o.event_id, o.tenant, e.dialer, e.call_id, o.crm, o.action, e.outcome, o.status, "
            + "o.dead_reason, o.last_result, o.last_detail, o.attempts, o.replays, o.created_at, o.dead_at "
            + "from outbox o join call_event e on e.id = o.event_id where 1 = 1";

    /** Dead letters matching the filter (status FAILED unless the filter names DISCARDED), newest first. */
    public List<DeadLetter> list(DeliveryFilter filter, int limit, int offset) {
        MapSqlParameterSource params = new MapSqlParameterSource();
        String where = filter.where(params, "o.dead_at") + statusClause(filter);
        params.addValue("limit", limit).addValue("offset", offset);
        return named.query(COLUMNS + where + " order by o.dead_at desc, o.id desc offset :offset rows fetch next :limit rows only",
                params, (rs, i) -> deadLetter(rs));
    }

    public long count(DeliveryFilter filter) {
        MapSqlParameterSource params = new MapSqlParameterSource();
        String where = filter.where(params, "o.dead_at") + statusClause(filter);
        return named.queryForObject("select count(*) from outbox o join call_event e on e.id = o.event_id where 1 = 1" + where,
                params, Long.class);
    }

    public Optional<DeadLetter> find(long outboxId) {
        return named.query(COLUMNS + " and o.id = :id", new MapSqlParameterSource("id", outboxId), (rs, i) -> deadLetter(rs))
                .stream().findFirst();
    }

    /**
     * Puts dead letters (or discarded rows) back on the schedule, due now, with a fresh retry budget. Rows in any
     * other state are left alone. Returns the ids replayed.
     */
    public List<Long> replay(List<Long> ids, String why, String actor, Instant now) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return tx.execute(status -> {
            MapSqlParameterSource params = new MapSqlParameterSource("ids", ids).addValue("now", EventStore.utc(now));
            List<Long> replayable = named.queryForList("select id from outbox where id in (:ids) and status in ('FAILED', 'DISCARDED') "
                    + "for update", params, Long.class);
            if (replayable.isEmpty()) {
                return List.of();
            }
            params.addValue("ids", replayable);
            named.update("insert into support_action (event_id, outbox_id, tenant, crm, action, reason, at, actor) "
                    + "select event_id, id, tenant, crm, 'REPLAY', :why, :now, :actor from outbox where id in (:ids)",
                    params.addValue("why", cut(why)).addValue("actor", actor));
            named.update("update outbox set status = 'PENDING', attempts = 0, next_attempt_at = :now, dead_reason = null, dead_at = null, "
                    + "replays = replays + 1, updated_at = :now where id in (:ids)", params);
            return replayable;
        });
    }

    /** The ids a bulk replay with this filter would take, oldest dead letter first, at most {@code limit}. */
    public List<Long> select(DeliveryFilter filter, int limit) {
        MapSqlParameterSource params = new MapSqlParameterSource();
        String where = filter.where(params, "o.dead_at") + statusClause(filter);
        params.addValue("limit", limit);
        return named.queryForList("select o.id from outbox o join call_event e on e.id = o.event_id where 1 = 1" + where
                + " order by o.dead_at, o.id fetch first :limit rows only", params, Long.class);
    }

    /** Closes a dead letter for good, with support's reason; it can still be replayed later. Returns whether it was one. */
    public boolean discard(long outboxId, String why, String actor, Instant now) {
        return Boolean.TRUE.equals(tx.execute(status -> {
            MapSqlParameterSource params = new MapSqlParameterSource("id", outboxId).addValue("now", EventStore.utc(now))
                    .addValue("why", cut(why)).addValue("actor", actor);
            int changed = named.update("update outbox set status = 'DISCARDED', updated_at = :now where id = :id and status = 'FAILED'", params);
            if (changed == 1) {
                named.update("insert into support_action (event_id, outbox_id, tenant, crm, action, reason, at, actor) "
                        + "select event_id, id, tenant, crm, 'DISCARD', :why, :now, :actor from outbox where id = :id", params);
            }
            return changed == 1;
        }));
    }

    private static String statusClause(DeliveryFilter filter) {
        return filter.status() == null || filter.status().isBlank() ? " and o.status = 'FAILED'" : "";
    }

    private static String cut(String s) {
        return s == null || s.length() <= 2000 ? s : s.substring(0, 2000);
    }

    private static DeadLetter deadLetter(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new DeadLetter(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11), rs.getString(12), rs.getInt(13),
                rs.getInt(14), rs.getObject(15, OffsetDateTime.class), rs.getObject(16, OffsetDateTime.class), null);
    }
}
