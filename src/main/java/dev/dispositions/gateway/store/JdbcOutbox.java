package dev.dispositions.gateway.store;

import dev.dispositions.gateway.delivery.DeliveryItem;
import dev.dispositions.gateway.delivery.DeliveryResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox in the gateway's database. Claims use {@code FOR UPDATE SKIP LOCKED}, so several gateway replicas
 * sharing one PostgreSQL never take the same row.
 */
@Repository
public class JdbcOutbox implements Outbox {
    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;
    private final TransactionTemplate tx;
    private final CanonicalJson canonicalJson;
    private final JdbcSettlements settlements;
    private final DueRows dueRows;
    private final OutboxKinds kinds;

    public JdbcOutbox(JdbcTemplate jdbc, NamedParameterJdbcTemplate named, TransactionTemplate tx, CanonicalJson canonicalJson,
                      OutboxKinds kinds) {
        this.jdbc = jdbc;
        this.named = named;
        this.tx = tx;
        this.canonicalJson = canonicalJson;
        this.settlements = new JdbcSettlements(jdbc, named, tx);
        this.dueRows = new DueRows(jdbc, named, kinds);
        this.kinds = kinds;
    }

    /** @param ownRecord the record this very row wrote before (an activity sent again after support edited its event) */
    private record Row(long id, String eventId, String tenant, String crm, int attempts, String callKey, String action, Instant createdAt,
                       String note, String ownRecord) {
    }

    /** Rows due now (or whose claim lapsed) that may be sent. */
    private static final String DUE = DueRows.DUE;

    @Override
    public DueConnector peekDue(String tenant, String crm, int limit, Instant now) {
        if (dueRows.held(tenant, crm, now)) {
            return new DueConnector(tenant, crm, 0, null);
        }
        List<DueRows.Timely> due = dueRows.first(tenant, crm, limit, now);
        int fullest = due.stream().collect(Collectors.groupingBy(DueRows.Timely::action, Collectors.counting())).values().stream()
                .mapToInt(Long::intValue).max().orElse(0);
        return new DueConnector(tenant, crm, fullest, due.isEmpty() ? null : due.get(0).at());
    }

    @Override
    public List<List<String>> connectorsWithRows() {
        // A skip scan of ix_outbox_due_by_connector: each look-up is an index range starting past the connector found before.
        List<List<String>> found = new java.util.ArrayList<>();
        RowMapper<List<String>> connector = (rs, i) -> List.of(rs.getString(1), rs.getString(2));
        List<List<String>> next = jdbc.query("select tenant, crm from outbox order by tenant, crm fetch first 1 row only", connector);
        while (!next.isEmpty()) {
            String tenant = next.get(0).get(0);
            found.add(next.get(0));
            next = jdbc.query("select tenant, crm from outbox where tenant = ? and crm > ? order by crm fetch first 1 row only", connector,
                    tenant, next.get(0).get(1));
            if (next.isEmpty()) {
                next = jdbc.query("select tenant, crm from outbox where tenant > ? order by tenant, crm fetch first 1 row only", connector, tenant);
            }
        }
        return found;
    }

    @Override
    public List<Claimed> claimDue(String tenant, String crm, int limit, Duration lease, Instant now, String claimant) {
        List<Row> rows = tx.execute(status -> {
            MapSqlParameterSource params = new MapSqlParameterSource("now", EventStore.utc(now)).addValue("tenant", tenant).addValue("crm", crm);
            List<Long> candidates = dueRows.first(tenant, crm, limit, now).stream().map(DueRows.Timely::id).toList();
            if (candidates.isEmpty()) {
                return List.<Row>of();
            }
            // Locked and checked again: another dispatcher may have taken some since.
            List<Row> due = named.query("select o.id, o.event_id, o.tenant, o.crm, o.attempts, o.call_key, o.action, o.created_at, o.note, "
                            + "o.crm_record_id from outbox o "
                            + "where o.id in (:ids) and " + DUE + "order by o.next_attempt_at, o.id for update skip locked",
                    params.addValue("ids", candidates),
                    (rs, i) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5), rs.getString(6),
                            rs.getString(7), rs.getObject(8, java.time.OffsetDateTime.class).toInstant(), rs.getString(9),
                            rs.getString(10)));
            if (!due.isEmpty()) {
                named.update("update outbox set status = 'IN_FLIGHT', lease_until = :lease, claimed_by = :me, updated_at = :now "
                                + "where id in (:ids)",
                        new MapSqlParameterSource("me", claimant)
                                .addValue("lease", EventStore.utc(now.plus(lease)))
                                .addValue("now", EventStore.utc(now))
                                .addValue("ids", due.stream().map(Row::id).toList()));
            }
            return due;
        });
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<String, String> canonical = named.query("select id, canonical from call_event where id in (:ids)",
                        new MapSqlParameterSource("ids", rows.stream().map(Row::eventId).distinct().toList()),
                        (rs, i) -> Map.entry(rs.getString(1), rs.getString(2)))
                .stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        Map<String, String> newest = newestNewerEvent(rows.stream().filter(r -> !neverSuperseded(r)).map(Row::eventId).distinct().toList());
        Map<List<String>, String> written = recordsWritten(rows);
        List<Claimed> claimed = new java.util.ArrayList<>();
        for (Row r : rows) {
            var event = canonicalJson.read(canonical.get(r.eventId()));
            if (neverSuperseded(r)) {
                // Never superseded: a newer event of the call does not withdraw a request not to be contacted, nor
                // make a failure that happened untold.
                claimed.add(new Claimed(r.tenant(), r.crm(), new DeliveryItem(r.id(), r.eventId(), r.attempts() + 1, event, null,
                        r.action(), r.createdAt(), r.note()), null));
                continue;
            }
            String supersededBy = newest.get(r.eventId());
            claimed.add(new Claimed(r.tenant(), r.crm(), new DeliveryItem(r.id(), r.eventId(), r.attempts() + 1, event,
                    supersededBy != null ? null : r.ownRecord() != null && DeliveryItem.ACTIVITY.equals(r.action()) ? r.ownRecord()
                            : written.get(List.of(r.callKey(), r.crm())), r.action(), r.createdAt()), supersededBy));
        }
        return claimed;
    }

    /** For each event, the newest-received finished event of its call newer than it ({@link CallOrder}), if any. */
    private Map<String, String> newestNewerEvent(List<String> eventIds) {
        Map<String, String> newest = new java.util.HashMap<>();
        if (!eventIds.isEmpty()) {
            named.query(CallOrder.NEWER_EVENTS_OF, new MapSqlParameterSource("ids", eventIds), rs -> {
                newest.put(rs.getString(1), rs.getString(2));
            });
        }
        return newest;
    }

    /** For each (call, CRM) of the rows, the CRM record an earlier event of the call became there, if one was written. */
    private static boolean neverSuperseded(Row r) {
        return DeliveryItem.DO_NOT_CONTACT.equals(r.action()) || r.action().startsWith(DeliveryItem.FAILURE_NOTICE);
    }

    private Map<List<String>, String> recordsWritten(List<Row> rows) {
        Map<List<String>, String> written = new java.util.HashMap<>();
        rows.stream().collect(Collectors.groupingBy(Row::crm, Collectors.mapping(Row::callKey, Collectors.toSet())))
                .forEach((crm, calls) -> named.query("select call_key, crm_record_id from outbox where call_key in (:calls) and crm = :crm "
                                + "and action = 'activity' and status = 'DELIVERED' and crm_record_id is not null order by updated_at, id",
                        new MapSqlParameterSource("calls", calls).addValue("crm", crm), rs -> {
                            written.put(List.of(rs.getString(1), crm), rs.getString(2));
                        }));
        return written;
    }

    @Override
    public List<Settled> settle(List<Settled> results, Instant now) {
        return settlements.settle(results, now);
    }

    @Override
    public int renew(java.util.Collection<Long> outboxIds, String claimant, Instant leaseUntil) {
        if (outboxIds.isEmpty()) {
            return 0;
        }
        MapSqlParameterSource params = new MapSqlParameterSource("lease", EventStore.utc(leaseUntil)).addValue("ids", outboxIds)
                .addValue("me", claimant);
        return tx.execute(status -> {
            // A row being settled right now is skipped, not waited for: waiting on each other's rows in different
            // orders, a renewal and a settlement would deadlock, and a row being settled needs no lease.
            List<Long> held = named.queryForList("select id from outbox where id in (:ids) and status = 'IN_FLIGHT' and claimed_by = :me "
                    + "for update skip locked", params, Long.class);
            return held.isEmpty() ? 0 : named.update("update outbox set lease_until = :lease where id in (:held)", params.addValue("held", held));
        });
    }

    @Override
    public int retake(String claimant, Instant now) {
        return jdbc.update("update outbox set lease_until = ? where status = 'IN_FLIGHT' and claimed_by = ?", EventStore.utc(now), claimant);
    }

    @Override
    public void release(List<Long> outboxIds, Instant nextAttemptAt, Instant now) {
        if (outboxIds.isEmpty()) {
            return;
        }
        named.update("update outbox set status = case when attempts = 0 then 'PENDING' else 'RETRYING' end, lease_until = null, claimed_by = null, "
                        + "next_attempt_at = :next, updated_at = :now where id in (:ids) and status = 'IN_FLIGHT'",
                new MapSqlParameterSource().addValue("next", EventStore.utc(nextAttemptAt)).addValue("now", EventStore.utc(now))
                        .addValue("ids", outboxIds));
    }

    @Override
    public int attemptsOf(long outboxId) {
        return jdbc.queryForObject("select attempts from outbox where id = ?", Integer.class, outboxId);
    }

    @Override
    public void raiseNotice(DeliveryItem failed, String tenant, String destination, String note, Instant now) {
        java.time.OffsetDateTime at = EventStore.utc(now);
        String action = DeliveryItem.FAILURE_NOTICE + failed.outboxId();
        try {
            jdbc.update("insert into outbox (event_id, tenant, crm, call_key, action, status, attempts, next_attempt_at, created_at, "
                    + "updated_at, note) select ?, ?, ?, ?, ?, 'PENDING', 0, ?, ?, ?, ? where not exists (select 1 from outbox "
                    + "where event_id = ? and crm = ? and action = ?)", failed.eventId(), tenant, destination, EventStore.callKey(failed.event()),
                    action, at, at, at, note, failed.eventId(), destination, action);
        } catch (org.springframework.dao.DuplicateKeyException raisedMeanwhile) {
            // another replica raised it at the same moment: once is what was wanted
        }
        kinds.stored(tenant, destination, action);
    }
}
