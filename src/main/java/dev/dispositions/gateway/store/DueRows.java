package dev.dispositions.gateway.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * How {@link JdbcOutbox} finds what is due: per connector, kind and status, the first rows of one index range in due
 * order, so that looking costs what a batch does whatever the backlog; whether those few may be sent is checked on
 * them alone, when they are claimed.
 */
final class DueRows {
    /** A row that may be sent now: its connector is not held, and its call has no row in flight to the same CRM. */
    private static final String MAY_SEND = "not exists (select 1 from outbox busy where busy.call_key = o.call_key and busy.crm = o.crm "
            + "and busy.status = 'IN_FLIGHT' and busy.lease_until >= :now and busy.id <> o.id) "
            // a paused, throttled or unauthorised connector is not sent to (a probe row excepted)
            + "and not exists (select 1 from connector_state cs where cs.tenant = o.tenant and cs.crm = o.crm "
            + "and (cs.state = 'PAUSED' or (cs.state = 'THROTTLED' and cs.hold_until > :now) "
            + "or (cs.state = 'NEEDS_REAUTH' and o.status <> 'PROBE'))) ";

    /** Rows due now (or whose claim lapsed) that may be sent. */
    static final String DUE = "((o.status in ('PENDING', 'RETRYING', 'PROBE') and o.next_attempt_at <= :now) "
            + "or (o.status = 'IN_FLIGHT' and o.lease_until < :now)) and " + MAY_SEND;

    /** The statuses a due row has; each is looked up on its own, one range of ix_outbox_due_by_connector in due order. */
    private static final List<String> DUE_STATUSES = List.of("PENDING", "RETRYING", "PROBE", "IN_FLIGHT");

    /**
     * The first {@code limit} rows of one status and kind whose time has come, the longest-waiting first: a range of
     * ix_outbox_due_by_connector read in its order and nothing else, so a backlog of any size costs what a batch does.
     * Whether they may be sent (their connector held, their call in flight) is checked on these few ({@link #DUE}).
     */
    private static String firstTimely(String status, boolean oneConnector, int limit, String kind) {
        return "select o.id, o.next_attempt_at, o.action from outbox o where " + (oneConnector ? "o.tenant = :tenant and o.crm = :crm and " : "")
                + "o.status = '" + status + "' and o.action " + (kind.endsWith("%") ? "like" : "=") + " :action and "
                + ("IN_FLIGHT".equals(status) ? "o.lease_until < :now" : "o.next_attempt_at <= :now")
                + " order by o.next_attempt_at, o.id fetch first " + limit + " rows only";
    }

    record Timely(long id, Instant at, String action) {
    }

    /**
     * The connector's (or any connector's, both null) rows whose time has come, the longest-waiting first, up to
     * {@code limit} of each kind (the activity, each outcome action, do-not-contact): each kind goes in requests of its
     * own, so each may fill one.
     */
    List<Timely> first(String tenant, String crm, int limit, Instant now) {
        MapSqlParameterSource params = new MapSqlParameterSource("now", EventStore.utc(now)).addValue("tenant", tenant).addValue("crm", crm);
        Map<String, List<Timely>> byKind = new java.util.HashMap<>();
        for (String kind : kinds.of(tenant, crm, now)) {
            List<Timely> timely = byKind.computeIfAbsent(kind, k -> new java.util.ArrayList<>());
            for (String status : DUE_STATUSES) {
                timely.addAll(named.query(firstTimely(status, tenant != null, limit, kind), params.addValue("action", kind),
                        (rs, i) -> new Timely(rs.getLong(1), rs.getObject(2, java.time.OffsetDateTime.class).toInstant(), rs.getString(3))));
            }
        }
        java.util.Comparator<Timely> dueOrder = java.util.Comparator.comparing(Timely::at).thenComparing(Timely::id);
        return byKind.values().stream().flatMap(k -> k.stream().sorted(dueOrder).limit(limit)).sorted(dueOrder).toList();
    }

    /** Whether nothing may be sent to the connector now (paused, throttled; an unauthorised one still takes its probes). */
    boolean held(String tenant, String crm, Instant now) {
        return !jdbc.queryForList("select 1 from connector_state where tenant = ? and crm = ? and (state = 'PAUSED' "
                + "or (state = 'THROTTLED' and hold_until > ?))", Integer.class, tenant, crm, EventStore.utc(now)).isEmpty();
    }

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;
    private final OutboxKinds kinds;

    DueRows(JdbcTemplate jdbc, NamedParameterJdbcTemplate named, OutboxKinds kinds) {
        this.jdbc = jdbc;
        this.named = named;
        this.kinds = kinds;
    }
}
