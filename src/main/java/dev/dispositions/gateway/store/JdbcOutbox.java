package dev.dispositions.gateway.store;

import dev.dispositions.gateway.crm.DeliveryItem;
import dev.dispositions.gateway.crm.DeliveryResult;
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

    private record Row(long id, String eventId, String tenant, String crm, int attempts) {
    }

    @Override
    public List<Claimed> claimDue(int limit, Duration lease, Instant now) {
        List<Row> rows = tx.execute(status -> {
            List<Row> due = jdbc.query("select id, event_id, tenant, crm, attempts from outbox "
                            + "where (status in ('PENDING', 'RETRYING') and next_attempt_at <= ?) "
                            + "or (status = 'IN_FLIGHT' and lease_until < ?) "
                            + "order by next_attempt_at fetch first ? rows only for update skip locked",
                    (rs, i) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5)),
                    EventStore.utc(now), EventStore.utc(now), limit);
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
        return rows.stream().map(r -> new Claimed(r.tenant(), r.crm(),
                new DeliveryItem(r.id(), r.eventId(), r.attempts() + 1, canonicalJson.read(canonical.get(r.eventId())))))
                .toList();
    }

    @Override
    public void settle(DeliveryResult result, Settlement settlement, Instant now) {
        tx.executeWithoutResult(status -> {
            int attempt = jdbc.queryForObject("select count(*) from delivery_attempt where outbox_id = ?", Integer.class,
                    result.outboxId()) + 1;
            jdbc.update("update outbox set status = ?, attempts = ?, next_attempt_at = ?, lease_until = null, "
                            + "crm_record_id = coalesce(?, crm_record_id), last_result = ?, last_detail = ?, updated_at = ? "
                            + "where id = ?",
                    settlement.status(), settlement.attempts(), EventStore.utc(settlement.nextAttemptAt()),
                    result.crmRecordId(), result.kind().name(), cut(result.detail(), MAX_TEXT), EventStore.utc(now),
                    result.outboxId());
            jdbc.update("insert into delivery_attempt (outbox_id, attempt, result, http_status, request_body, response_body, "
                            + "detail, finished_at) values (?, ?, ?, ?, ?, ?, ?, ?)",
                    result.outboxId(), attempt, result.kind().name(), result.httpStatus(), cut(result.request(), MAX_BODY),
                    cut(result.response(), MAX_BODY), cut(result.detail(), MAX_TEXT), EventStore.utc(now));
        });
    }

    @Override
    public int attemptsOf(long outboxId) {
        return jdbc.queryForObject("select attempts from outbox where id = ?", Integer.class, outboxId);
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
