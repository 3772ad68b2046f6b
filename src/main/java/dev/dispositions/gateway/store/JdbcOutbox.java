package dev.dispositions.gateway.store;

import dev.dispositions.gateway.delivery.DeliveryItem;
import dev.dispositions.gateway.delivery.DeliveryResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
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
    private static final int MAX_TEXT = 2000;
    private static final int MAX_BODY = 32000;

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;
    private final TransactionTemplate tx;
    private final CanonicalJson canonicalJson;

    public JdbcOutbox(JdbcTemplate jdbc, NamedParameterJdbcTemplate named, TransactionTemplate tx, CanonicalJson canonicalJson) {
        this.jdbc = jdbc;
        this.named = named;
        this.tx = tx;
        this.canonicalJson = canonicalJson;
    }

    private record Row(long id, String eventId, String tenant, String crm, int attempts, String callKey, String action, Instant createdAt) {
    }

    /** Rows due now (or whose claim lapsed), of a connector that may be sent to, and not of a call already in flight there. */
    private static final String DUE = "((o.status in ('PENDING', 'RETRYING', 'PROBE') and o.next_attempt_at <= :now) "
            + "or (o.status = 'IN_FLIGHT' and o.lease_until < :now)) "
            + "and not exists (select 1 from outbox busy where busy.call_key = o.call_key and busy.crm = o.crm "
            + "and busy.status = 'IN_FLIGHT' and busy.lease_until >= :now and busy.id <> o.id) "
            // a paused, throttled or unauthorised connector is not sent to (a probe row excepted)
            + "and not exists (select 1 from connector_state cs where cs.tenant = o.tenant and cs.crm = o.crm "
            + "and (cs.state = 'PAUSED' or (cs.state = 'THROTTLED' and cs.hold_until > :now) "
            + "or (cs.state = 'NEEDS_REAUTH' and o.status <> 'PROBE'))) ";

    /**
     * The connector's due rows, the longest-waiting first, at most {@code :limit} of each kind (the activity, each
     * outcome action, do-not-contact): each kind goes in requests of its own, so each may fill one.
     */
    private static String firstDueOfEachKind(boolean oneConnector) {
        return "select id, action, next_attempt_at from (select o.id, o.action, o.next_attempt_at, row_number() over "
                + "(partition by o.tenant, o.crm, o.action order by o.next_attempt_at, o.id) as rn from outbox o where " + DUE
                + (oneConnector ? "and o.tenant = :tenant and o.crm = :crm " : "") + ") ranked where rn <= :limit";
    }

    @Override
    public DueConnector peekDue(String tenant, String crm, int limit, Instant now) {
        Map<String, Integer> byKind = new java.util.HashMap<>();
        Instant[] oldest = {null};
        named.query(firstDueOfEachKind(true),
                new MapSqlParameterSource("now", EventStore.utc(now)).addValue("tenant", tenant).addValue("crm", crm).addValue("limit", limit),
                rs -> {
                    byKind.merge(rs.getString(2), 1, Integer::sum);
                    Instant at = rs.getObject(3, java.time.OffsetDateTime.class).toInstant();
                    oldest[0] = oldest[0] == null || at.isBefore(oldest[0]) ? at : oldest[0];
                });
        return new DueConnector(tenant, crm, byKind.values().stream().mapToInt(Integer::intValue).max().orElse(0), oldest[0]);
    }

    @Override
    public List<List<String>> connectorsWithDueRows(Instant now) {
        return named.query("select distinct o.tenant, o.crm from outbox o where " + DUE, new MapSqlParameterSource("now", EventStore.utc(now)),
                (rs, i) -> List.of(rs.getString(1), rs.getString(2)));
    }

    @Override
    public List<Claimed> claimDue(String tenant, String crm, int limit, Duration lease, Instant now) {
        List<Row> rows = tx.execute(status -> {
            MapSqlParameterSource params = new MapSqlParameterSource("now", EventStore.utc(now)).addValue("limit", limit)
                    .addValue("tenant", tenant).addValue("crm", crm);
            List<Long> candidates = named.query(firstDueOfEachKind(tenant != null), params, (rs, i) -> rs.getLong(1));
            if (candidates.isEmpty()) {
                return List.<Row>of();
            }
            // Locked and checked again: another dispatcher may have taken some since.
            List<Row> due = named.query("select o.id, o.event_id, o.tenant, o.crm, o.attempts, o.call_key, o.action, o.created_at from outbox o "
                            + "where o.id in (:ids) and " + DUE + "order by o.next_attempt_at, o.id for update skip locked",
                    params.addValue("ids", candidates),
                    (rs, i) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5), rs.getString(6),
                            rs.getString(7), rs.getObject(8, java.time.OffsetDateTime.class).toInstant()));
            if (!due.isEmpty()) {
                named.update("update outbox set status = 'IN_FLIGHT', lease_until = :lease, updated_at = :now where id in (:ids)",
                        new MapSqlParameterSource()
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
        List<Claimed> claimed = new java.util.ArrayList<>();
        for (Row r : rows) {
            var event = canonicalJson.read(canonical.get(r.eventId()));
            if (DeliveryItem.DO_NOT_CONTACT.equals(r.action())) {
                // Never superseded: a newer event of the call does not withdraw a request not to be contacted.
                claimed.add(new Claimed(r.tenant(), r.crm(), new DeliveryItem(r.id(), r.eventId(), r.attempts() + 1, event, null,
                        r.action(), r.createdAt()), null));
                continue;
            }
            String latest = latestFinishedEvent(event);
            String supersededBy = latest == null || latest.equals(r.eventId()) ? null : latest;
            claimed.add(new Claimed(r.tenant(), r.crm(), new DeliveryItem(r.id(), r.eventId(), r.attempts() + 1, event,
                    supersededBy == null ? recordWritten(r.callKey(), r.crm()) : null, r.action(), r.createdAt()), supersededBy));
        }
        return claimed;
    }

    /** The call's latest finished-call event ({@link CallOrder}). */
    private String latestFinishedEvent(dev.dispositions.gateway.canonical.CanonicalDisposition event) {
        List<String> ids = jdbc.queryForList(CallOrder.LATEST, String.class, event.tenant(), event.dialer(), event.callId());
        return ids.isEmpty() ? null : ids.get(0);
    }

    /** The CRM record an earlier event of this call became in this CRM, if one was written. */
    private String recordWritten(String callKey, String crm) {
        List<String> ids = jdbc.queryForList("select crm_record_id from outbox where call_key = ? and crm = ? and action = 'activity' "
                + "and status = 'DELIVERED' and crm_record_id is not null order by updated_at desc fetch first 1 rows only",
                String.class, callKey, crm);
        return ids.isEmpty() ? null : ids.get(0);
    }

    @Override
    public void settle(DeliveryResult result, Settlement settlement, Instant now) {
        tx.executeWithoutResult(status -> {
            int attempt = jdbc.queryForObject("select count(*) from delivery_attempt where outbox_id = ?", Integer.class,
                    result.outboxId()) + 1;
            jdbc.update("update outbox set status = ?, attempts = ?, next_attempt_at = ?, lease_until = null, "
                            + "crm_record_id = coalesce(?, crm_record_id), last_result = ?, last_detail = ?, updated_at = ?, "
                            + "dead_reason = ?, dead_at = ? where id = ?",
                    settlement.status(), settlement.attempts(), EventStore.utc(settlement.nextAttemptAt()),
                    result.crmRecordId(), result.kind().name(), cut(Redaction.credentials(result.detail()), MAX_TEXT), EventStore.utc(now),
                    settlement.deadReason(), settlement.deadReason() == null ? null : EventStore.utc(now), result.outboxId());
            jdbc.update("insert into delivery_attempt (outbox_id, attempt, result, http_status, request_body, response_body, "
                            + "detail, finished_at) values (?, ?, ?, ?, ?, ?, ?, ?)",
                    result.outboxId(), attempt, result.kind().name(), result.httpStatus(), cut(Redaction.credentials(result.request()), MAX_BODY),
                    cut(Redaction.credentials(result.response()), MAX_BODY), cut(Redaction.credentials(result.detail()), MAX_TEXT),
                    EventStore.utc(now));
            // Every attempt at a compliance action is audited, whatever its result.
            jdbc.update("insert into compliance_audit (tenant, event_id, crm, action, person_id, result, http_status, detail, recorded_at) "
                            + "select tenant, event_id, crm, action, ?, ?, ?, ?, ? from outbox where id = ? and action = 'do-not-contact'",
                    result.crmRecordId(), result.kind().name(), result.httpStatus(), cut(Redaction.credentials(result.detail()), MAX_TEXT),
                    EventStore.utc(now), result.outboxId());
        });
    }

    @Override
    public void release(List<Long> outboxIds, Instant nextAttemptAt, Instant now) {
        if (outboxIds.isEmpty()) {
            return;
        }
        named.update("update outbox set status = case when attempts = 0 then 'PENDING' else 'RETRYING' end, lease_until = null, "
                        + "next_attempt_at = :next, updated_at = :now where id in (:ids) and status = 'IN_FLIGHT'",
                new MapSqlParameterSource().addValue("next", EventStore.utc(nextAttemptAt)).addValue("now", EventStore.utc(now))
                        .addValue("ids", outboxIds));
    }

    @Override
    public int attemptsOf(long outboxId) {
        return jdbc.queryForObject("select attempts from outbox where id = ?", Integer.class, outboxId);
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
