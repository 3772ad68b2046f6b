package dev.dispositions.gateway.store;

import dev.dispositions.gateway.delivery.DeliveryItem;
import dev.dispositions.gateway.delivery.DeliveryResult;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * How {@link JdbcOutbox} settles a batch: three batched statements (rows, attempts, compliance audit) and one
 * look-up in one transaction, whatever the batch's size. A row is settled only while it is in flight under the
 * claimant's name: a claim that lapsed and was taken over, or a batch recorded a second time, changes nothing. A successful attempt is kept as a summary (status, record
 * id, detail, duration): its bodies would be most of the database and say nothing a support person needs.
 */
final class JdbcSettlements {
    private static final int MAX_TEXT = 2000;
    private static final int MAX_BODY = 32000;

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;
    private final TransactionTemplate tx;

    JdbcSettlements(JdbcTemplate jdbc, NamedParameterJdbcTemplate named, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.named = named;
        this.tx = tx;
    }

    List<Outbox.Settled> settle(List<Outbox.Settled> results, Instant now) {
        if (results.isEmpty()) {
            return List.of();
        }
        OffsetDateTime at = EventStore.utc(now);
        // Rows locked in one order (their ids) by every settlement: two at once never wait on each other crosswise.
        results = results.stream().sorted(java.util.Comparator.comparingLong(s -> s.result().outboxId())).toList();
        List<Outbox.Settled> ordered = results;
        return tx.execute(status -> {
            List<Object[]> rows = new ArrayList<>();
            for (Outbox.Settled s : ordered) {
                DeliveryResult r = s.result();
                Outbox.Settlement fate = s.settlement();
                rows.add(new Object[] {fate.status(), fate.attempts(), EventStore.utc(fate.nextAttemptAt()), r.crmRecordId(),
                        r.kind().name(), cut(Redaction.credentials(r.detail()), MAX_TEXT), at, fate.deadReason(),
                        fate.deadReason() == null ? null : at, r.outboxId(), s.claimant()});
            }
            int[] updated = jdbc.batchUpdate("update outbox set status = ?, attempts = ?, next_attempt_at = ?, lease_until = null, "
                    + "claimed_by = null, crm_record_id = coalesce(?, crm_record_id), last_result = ?, last_detail = ?, updated_at = ?, "
                    + "dead_reason = ?, dead_at = ? where id = ? and status = 'IN_FLIGHT' and claimed_by = ?", rows);
            List<Outbox.Settled> applied = new ArrayList<>();
            for (int i = 0; i < ordered.size(); i++) {
                if (updated[i] != 0) {
                    applied.add(ordered.get(i));
                }
            }
            if (applied.isEmpty()) {
                return applied;
            }
            Map<Long, Integer> lastAttempt = lastAttempts(applied.stream().map(s -> s.result().outboxId()).distinct().toList());
            List<Object[]> attempts = new ArrayList<>();
            List<Object[]> audits = new ArrayList<>();
            for (Outbox.Settled s : applied) {
                DeliveryResult r = s.result();
                String detail = cut(Redaction.credentials(r.detail()), MAX_TEXT);
                boolean summary = r.kind() == DeliveryResult.Kind.DONE || r.kind() == DeliveryResult.Kind.SKIPPED;
                int attempt = lastAttempt.merge(r.outboxId(), 1, Integer::sum);
                attempts.add(new Object[] {r.outboxId(), attempt, r.kind().name(), r.httpStatus(),
                        summary ? null : cut(Redaction.credentials(r.request()), MAX_BODY),
                        summary ? null : cut(Redaction.credentials(r.response()), MAX_BODY), detail, at, s.durationMs()});
                // Every attempt at a compliance action is audited, whatever its result.
                if (s.item() != null && DeliveryItem.DO_NOT_CONTACT.equals(s.item().action())) {
                    audits.add(new Object[] {s.tenant(), s.item().eventId(), s.crm(), s.item().action(), r.crmRecordId(), r.kind().name(),
                            r.httpStatus(), detail, at});
                }
            }
            jdbc.batchUpdate("insert into delivery_attempt (outbox_id, attempt, result, http_status, request_body, response_body, "
                    + "detail, finished_at, duration_ms) values (?, ?, ?, ?, ?, ?, ?, ?, ?)", attempts);
            if (!audits.isEmpty()) {
                jdbc.batchUpdate("insert into compliance_audit (tenant, event_id, crm, action, person_id, result, http_status, detail, "
                        + "recorded_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)", audits);
            }
            return applied;
        });
    }

    /** The number of each row's latest attempt (replays and retention keep numbering going up). */
    private Map<Long, Integer> lastAttempts(List<Long> outboxIds) {
        Map<Long, Integer> last = new HashMap<>();
        outboxIds.forEach(id -> last.put(id, 0));
        named.query("select outbox_id, max(attempt) from delivery_attempt where outbox_id in (:ids) group by outbox_id",
                new MapSqlParameterSource("ids", outboxIds), rs -> {
                    last.put(rs.getLong(1), rs.getInt(2));
                });
        return last;
    }

    static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
