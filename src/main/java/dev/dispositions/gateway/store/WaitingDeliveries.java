package dev.dispositions.gateway.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Deliveries accepted and not yet settled, with why each waits: retrying after a failed attempt, parked until the
 * connector's credentials work, held by the CRM's rate limit, by a paused connector or by an open breaker. Support's
 * view of what is on its way, oldest first.
 */
@Repository
public class WaitingDeliveries {
    /** Why a delivery waits, as support filters by it. */
    public static final List<String> WHY = List.of("retrying", "parked", "throttled", "paused", "held", "pending");

    private final NamedParameterJdbcTemplate named;

    WaitingDeliveries(NamedParameterJdbcTemplate named) {
        this.named = named;
    }

    /**
     * @param why           retrying, parked, throttled, paused, held (by a breaker) or pending (due, nothing wrong)
     * @param state         the connector's held state (THROTTLED, NEEDS_REAUTH, PAUSED), if any
     * @param stateReason   why the connector is held
     * @param stateSince    since when
     * @param waitingSince  when the webhook was accepted
     */
    public record Waiting(long id, String eventId, String tenant, String dialer, String callId, String crm, String action, String outcome,
                          String status, String why, int attempts, OffsetDateTime nextAttemptAt, String lastResult, String lastDetail,
                          OffsetDateTime waitingSince, String state, String stateReason, OffsetDateTime stateSince,
                          OffsetDateTime holdUntil) {
    }

    /** @param heldByBreaker the connectors ({@code tenant/crm}) whose breaker is open on this replica */
    public record Query(String tenant, String crm, String why, List<String> heldByBreaker, Instant now) {
    }

    private static final String FROM = " from outbox o join call_event e on e.id = o.event_id "
            + "left join connector_state s on s.tenant = o.tenant and s.crm = o.crm "
            + "where o.status in ('PENDING', 'RETRYING', 'IN_FLIGHT', 'PARKED', 'PROBE')";

    public List<Waiting> list(Query q, int limit, int offset) {
        MapSqlParameterSource p = params(q).addValue("limit", limit).addValue("offset", offset);
        return named.query("select o.id, o.event_id, o.tenant, e.dialer, e.call_id, o.crm, o.action, e.outcome, o.status, " + WHY_SQL
                        + " as why, o.attempts, o.next_attempt_at, o.last_result, o.last_detail, o.created_at, s.state, s.reason, s.since, "
                        + "s.hold_until" + FROM + where(q) + " order by o.created_at, o.id offset :offset rows fetch next :limit rows only", p,
                (rs, i) -> new Waiting(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                        rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getInt(11), rs.getObject(12, OffsetDateTime.class),
                        rs.getString(13), rs.getString(14), rs.getObject(15, OffsetDateTime.class), rs.getString(16), rs.getString(17),
                        rs.getObject(18, OffsetDateTime.class), rs.getObject(19, OffsetDateTime.class)));
    }

    public long count(Query q) {
        return named.queryForObject("select count(*)" + FROM + where(q), params(q), Long.class);
    }

    /** The first matching reason wins: a parked row of a paused connector is parked. */
    private static final String WHY_SQL = "case when o.status in ('PARKED', 'PROBE') then 'parked' "
            + "when s.state = 'PAUSED' then 'paused' "
            + "when (s.state = 'THROTTLED' and s.hold_until > :now) or o.last_result = 'THROTTLED' then 'throttled' "
            + "when (o.tenant || '/' || o.crm) in (:breakers) then 'held' "
            + "when o.status = 'RETRYING' or o.attempts > 0 then 'retrying' else 'pending' end";

    private static String where(Query q) {
        StringBuilder sql = new StringBuilder();
        if (q.tenant() != null) {
            sql.append(" and o.tenant = :tenant");
        }
        if (q.crm() != null) {
            sql.append(" and o.crm = :crm");
        }
        if (q.why() != null) {
            sql.append(" and ").append(WHY_SQL).append(" = :why");
        }
        return sql.toString();
    }

    private static MapSqlParameterSource params(Query q) {
        return new MapSqlParameterSource("tenant", q.tenant()).addValue("crm", q.crm())
                .addValue("why", q.why() == null ? null : q.why().toLowerCase(Locale.ROOT)).addValue("now", EventStore.utc(q.now()))
                // an empty IN list is not SQL: a name no connector has stands in
                .addValue("breakers", q.heldByBreaker().isEmpty() ? List.of("-") : q.heldByBreaker());
    }

    /** Makes a waiting delivery due now (support saw its cause fixed); false when it is not retrying or pending. */
    public boolean retryNow(long id, String actor, Instant now) {
        MapSqlParameterSource p = new MapSqlParameterSource("id", id).addValue("now", EventStore.utc(now)).addValue("actor", actor);
        int changed = named.update("update outbox set next_attempt_at = :now, updated_at = :now where id = :id "
                + "and status in ('PENDING', 'RETRYING')", p);
        if (changed == 1) {
            named.update("insert into support_action (event_id, outbox_id, tenant, crm, action, reason, at, actor) select event_id, id, "
                    + "tenant, crm, 'RETRY_NOW', null, :now, :actor from outbox where id = :id", p);
        }
        return changed == 1;
    }

    /**
     * Gives up a waiting delivery with support's reason: it becomes DISCARDED, replayable later. Never a
     * do-not-contact one, which is sent until it lands or fails for good.
     */
    public boolean discard(long id, String why, String actor, Instant now) {
        MapSqlParameterSource p = new MapSqlParameterSource("id", id).addValue("now", EventStore.utc(now)).addValue("actor", actor)
                .addValue("why", why.length() <= 2000 ? why : why.substring(0, 2000));
        int changed = named.update("update outbox set status = 'DISCARDED', dead_at = :now, updated_at = :now where id = :id "
                + "and status in ('PENDING', 'RETRYING', 'PARKED') and action <> 'do-not-contact'", p);
        if (changed == 1) {
            named.update("insert into support_action (event_id, outbox_id, tenant, crm, action, reason, at, actor) select event_id, id, "
                    + "tenant, crm, 'DISCARD', :why, :now, :actor from outbox where id = :id", p);
        }
        return changed == 1;
    }

    /** The delivery's tenant, status and action, if it exists. */
    public java.util.Optional<String[]> find(long id) {
        return named.query("select tenant, status, action from outbox where id = :id", new MapSqlParameterSource("id", id),
                (rs, i) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)}).stream().findFirst();
    }
}
