package dev.dispositions.gateway.store;

import dev.dispositions.gateway.delivery.DeliveryResult;
import dev.dispositions.gateway.delivery.OutboxStatus;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;

/**
 * Which deliveries support means: every criterion is optional and they combine with AND. Used to list events and
 * dead letters and to choose what a bulk replay replays, so the list a support engineer read and the replay they
 * run select the same rows.
 *
 * @param status  an outbox status (PENDING, RETRYING, PARKED, DELIVERED, SKIPPED, FAILED, DISCARDED)
 * @param reason  a dead letter's reason: PERMANENT (the CRM refused the data) or EXHAUSTED (retries used up)
 * @param result  the last attempt's class: DONE, SKIPPED, THROTTLED, AUTH, TRANSIENT, PERMANENT
 * @param from    received (events) or dead-lettered (dead letters) at or after
 * @param to      ... before
 * @param phone   an E.164 number the call was from or to, or the prospect's (indexed, in call_phone)
 */
public record DeliveryFilter(String tenant, String dialer, String crm, String status, String outcome, String reason, String result,
                             String callId, Instant from, Instant to, String phone) {

    /** The same filter for one tenant. */
    public DeliveryFilter withTenant(String tenant) {
        return new DeliveryFilter(tenant, dialer, crm, status, outcome, reason, result, callId, from, to, phone);
    }

    /** Without a phone number. */
    public DeliveryFilter(String tenant, String dialer, String crm, String status, String outcome, String reason, String result,
                          String callId, Instant from, Instant to) {
        this(tenant, dialer, crm, status, outcome, reason, result, callId, from, to, null);
    }

    public static final List<String> STATUSES = java.util.Arrays.stream(OutboxStatus.values()).map(Enum::name).toList();
    public static final List<String> REASONS = List.of("PERMANENT", "EXHAUSTED");
    public static final List<String> RESULTS = java.util.Arrays.stream(DeliveryResult.Kind.values()).map(Enum::name).toList();

    /** Whether any criterion is about a delivery (CRM, status, reason, result) rather than the event alone. */
    public boolean concernsDeliveries() {
        return Stream.of(crm, status, reason, result).anyMatch(v -> v != null && !v.isBlank());
    }

    public DeliveryFilter withStatus(String newStatus) {
        return new DeliveryFilter(tenant, dialer, crm, newStatus, outcome, reason, result, callId, from, to, phone);
    }

    /**
     * The SQL conditions on {@code o} (outbox) and {@code e} (call_event), each starting with " and ".
     *
     * @param timeColumn the column {@code from}/{@code to} apply to
     */
    String where(MapSqlParameterSource params, String timeColumn) {
        StringBuilder sql = new StringBuilder();
        add(sql, params, "e.tenant", "tenant", tenant);
        add(sql, params, "e.dialer", "dialer", dialer);
        add(sql, params, "o.crm", "crm", crm);
        add(sql, params, "o.status", "status", status);
        add(sql, params, "e.outcome", "outcome", outcome);
        add(sql, params, "o.dead_reason", "reason", reason);
        add(sql, params, "o.last_result", "result", result);
        add(sql, params, "e.call_id", "callId", callId);
        if (phone != null && !phone.isBlank()) {
            sql.append(" and exists (select 1 from call_phone p where p.phone = :phone and p.event_id = e.id)");
            params.addValue("phone", phone);
        }
        if (from != null) {
            sql.append(" and ").append(timeColumn).append(" >= :from");
            params.addValue("from", EventStore.utc(from));
        }
        if (to != null) {
            sql.append(" and ").append(timeColumn).append(" < :to");
            params.addValue("to", EventStore.utc(to));
        }
        return sql.toString();
    }

    private static void add(StringBuilder sql, MapSqlParameterSource params, String column, String name, String value) {
        if (value != null && !value.isBlank()) {
            sql.append(" and ").append(column).append(" = :").append(name);
            params.addValue(name, value);
        }
    }
}
