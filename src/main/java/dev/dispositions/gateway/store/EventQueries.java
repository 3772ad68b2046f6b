package dev.dispositions.gateway.store;

import dev.dispositions.gateway.delivery.DeliveryItem;
import dev.dispositions.gateway.delivery.OutboxStatus;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dispositions.gateway.canonical.Warning;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/** Read side for support: where one event is, and what each CRM answered. */
@Repository
public class EventQueries {
    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;
    private final ObjectMapper json;

    private final dev.dispositions.gateway.config.TenantDirectory tenants;

    public EventQueries(JdbcTemplate jdbc, NamedParameterJdbcTemplate named, ObjectMapper json,
                        dev.dispositions.gateway.config.TenantDirectory tenants) {
        this.tenants = tenants;
        this.jdbc = jdbc;
        this.named = named;
        this.json = json;
    }

    /** One line of the events list: the event and where each of its deliveries stands. */
    public record EventSummary(String eventId, String tenant, String dialer, String callId, String state, String outcome, String status,
                               OffsetDateTime occurredAt, OffsetDateTime receivedAt, List<DeliverySummary> deliveries) {
    }

    public record DeliverySummary(long id, String crm, String action, String status, int attempts, String lastResult, String lastDetail) {
    }

    /** Events matching the filter, newest first (an event matches when one of its deliveries matches the delivery criteria). */
    public List<EventSummary> list(DeliveryFilter filter, int limit, int offset) {
        MapSqlParameterSource params = new MapSqlParameterSource();
        String conditions = filter.where(params, "e.received_at");
        String where = filter.concernsDeliveries()
                ? " where exists (select 1 from outbox o where o.event_id = e.id" + conditions + ")"
                : " where 1 = 1" + conditions;
        params.addValue("limit", limit).addValue("offset", offset);
        List<EventRow> rows = named.query("select e.id, e.tenant, e.dialer, e.call_id, e.call_state, e.outcome, null, e.occurred_at, "
                + "e.received_at from call_event e" + where + " order by e.received_at desc, e.id desc offset :offset rows fetch next "
                + ":limit rows only", params, (rs, i) -> new EventRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), null, rs.getObject(8, OffsetDateTime.class), rs.getObject(9, OffsetDateTime.class)));
        if (rows.isEmpty()) {
            return List.of();
        }
        java.util.Map<String, List<DeliverySummary>> byEvent = new java.util.HashMap<>();
        named.query("select event_id, id, crm, action, status, attempts, last_result, last_detail from outbox where event_id in (:ids) "
                + "order by crm, action", new MapSqlParameterSource("ids", rows.stream().map(EventRow::id).toList()), rs -> {
                    byEvent.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new DeliverySummary(rs.getLong(2), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getInt(6), rs.getString(7), rs.getString(8)));
                });
        return rows.stream().map(e -> {
            List<DeliverySummary> d = byEvent.getOrDefault(e.id(), List.of());
            return new EventSummary(e.id(), e.tenant(), e.dialer(), e.callId(), e.state(), e.outcome(),
                    summaryStatus(d.stream().map(DeliverySummary::status).toList(), d.stream().anyMatch(x -> x.attempts() > 0)),
                    e.occurredAt(), e.receivedAt(), d);
        }).toList();
    }

    /** Every event of one call, oldest first: the call's whole story. */
    public List<EventView> call(String tenant, String dialer, String callId) {
        return jdbc.queryForList("select id from call_event where tenant = ? and dialer = ? and call_id = ? order by occurred_at, received_at",
                String.class, tenant, dialer, callId).stream().map(this::find).flatMap(Optional::stream).toList();
    }

    /**
     * @param rawPayload the webhook's body as the dialer sent it, with the dialer's secret masked wherever it appears
     *                   (Aircall, for one, sends its token in the body)
     */
    public record EventView(
            String eventId, String tenant, String dialer, String callId, String state, String outcome, String status,
            OffsetDateTime occurredAt, OffsetDateTime receivedAt, JsonNode canonical, List<Warning> warnings,
            List<DeliveryView> deliveries, List<TimelineEntry> timeline, List<AuditView> compliance,
            String rawContentType, String rawPayload, List<EventEdits.EditView> edits, Map<Long, String> links) {
        /** The same event with each delivery's record linked into the CRM (by delivery id), where the API knows how. */
        public EventView withLinks(Map<Long, String> links) {
            return new EventView(eventId, tenant, dialer, callId, state, outcome, status, occurredAt, receivedAt, canonical, warnings,
                    deliveries, timeline, compliance, rawContentType, rawPayload, edits, Map.copyOf(links));
        }
    }

    /** One attempt to honour a do-not-contact request, from the audit table. */
    public record AuditView(String crm, String action, String personId, String result, Integer httpStatus, String detail,
                            OffsetDateTime at) {
    }

    /**
     * @param id         the delivery's id, for replaying or discarding it
     * @param deadReason for a dead letter: PERMANENT or EXHAUSTED
     */
    public record DeliveryView(
            long id, String crm, String action, String status, int attempts, OffsetDateTime nextAttemptAt, String crmRecordId,
            String lastResult, String lastDetail, String deadReason, List<AttemptView> attemptHistory) {
    }

    /**
     * One attempt. A successful one is a summary (status, detail, how long it took); only failures keep what was sent
     * and answered, for support.
     */
    public record AttemptView(int attempt, String result, Integer httpStatus, String request, String response,
                              String detail, OffsetDateTime at, Long durationMs) {
    }

    public record TimelineEntry(OffsetDateTime at, String stage, String detail) {
    }

    private record EventRow(String id, String tenant, String dialer, String callId, String state, String outcome,
                            String canonical, OffsetDateTime occurredAt, OffsetDateTime receivedAt) {
    }

    public Optional<EventView> find(String eventId) {
        List<EventRow> rows = jdbc.query(
                "select id, tenant, dialer, call_id, call_state, outcome, canonical, occurred_at, received_at "
                        + "from call_event where id = ?",
                (rs, i) -> new EventRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getObject(8, OffsetDateTime.class),
                        rs.getObject(9, OffsetDateTime.class)), eventId);
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        EventRow e = rows.get(0);
        List<DeliveryView> deliveries = jdbc.query(
                "select id, crm, action, status, attempts, next_attempt_at, crm_record_id, last_result, last_detail, dead_reason "
                        + "from outbox where event_id = ? order by crm, action",
                (rs, i) -> new DeliveryView(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                        rs.getObject(6, OffsetDateTime.class), rs.getString(7), rs.getString(8), rs.getString(9),
                        rs.getString(10), attempts(rs.getLong(1))), eventId);

        List<TimelineEntry> timeline = new ArrayList<>();
        timeline.add(new TimelineEntry(e.receivedAt(), "received", "from " + e.dialer() + ", call " + e.callId()));
        timeline.add(new TimelineEntry(e.receivedAt(), "normalized", "IN_PROGRESS".equals(e.state())
                ? "call in progress: kept on the timeline, not sent to a CRM" : "outcome " + e.outcome()));
        JsonNode canonical = readTree(e.canonical());
        List<Warning> warnings = warningsOf(canonical);
        warnings.forEach(w -> timeline.add(new TimelineEntry(e.receivedAt(), "warning", w.message())));
        for (DeliveryView d : deliveries) {
            for (AttemptView a : d.attemptHistory()) {
                timeline.add(new TimelineEntry(a.at(), "delivery",
                        d.crm() + (DeliveryItem.ACTIVITY.equals(d.action()) ? "" : " " + d.action()) + " attempt " + a.attempt() + ": " + a.result()
                                + (a.httpStatus() == null ? "" : " (HTTP " + a.httpStatus() + ")")
                                + (a.detail() == null ? "" : " " + a.detail())));
            }
        }
        jdbc.query("select at, action, crm, reason, actor from support_action where event_id = ? order by at, id", rs -> {
            timeline.add(new TimelineEntry(rs.getObject(1, OffsetDateTime.class), rs.getString(2).toLowerCase(java.util.Locale.ROOT),
                    (rs.getString(3) == null ? "" : rs.getString(3) + " ") + "by " + (rs.getString(5) == null ? "support" : rs.getString(5)) + (rs.getString(4) == null ? "" : ": " + rs.getString(4))));
        }, eventId);
        timeline.sort(Comparator.comparing(TimelineEntry::at));
        String status = status(deliveries);
        if (deliveries.isEmpty() && "COMPLETED".equals(e.state()) && newerFinishedEvent(e) != null) {
            status = "superseded";
            timeline.add(new TimelineEntry(e.receivedAt(), "superseded",
                    "older than event " + newerFinishedEvent(e) + " of the same call: nothing sent"));
        }
        List<AuditView> compliance = jdbc.query("select crm, action, person_id, result, http_status, detail, recorded_at "
                        + "from compliance_audit where event_id = ? order by recorded_at, id",
                (rs, i) -> new AuditView(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        (Integer) rs.getObject(5), rs.getString(6), rs.getObject(7, OffsetDateTime.class)), eventId);
        List<String[]> raw = jdbc.query("select r.content_type, r.body from webhook_request r join call_event e on e.request_id = r.id "
                + "where e.id = ?", (rs, i) -> new String[] {rs.getString(1), rs.getString(2)}, eventId);
        return Optional.of(new EventView(e.id(), e.tenant(), e.dialer(), e.callId(), e.state(), e.outcome(),
                status, e.occurredAt(), e.receivedAt(), canonical, warnings, deliveries, timeline, compliance,
                raw.isEmpty() ? null : raw.get(0)[0], raw.isEmpty() ? null : masked(e.tenant(), e.dialer(), raw.get(0)[0], raw.get(0)[1]),
                edits(eventId), Map.of()));
    }

    private List<EventEdits.EditView> edits(String eventId) {
        return jdbc.query("select field, old_value, new_value, reason, actor, at from event_edit where event_id = ? order by at, id",
                (rs, i) -> new EventEdits.EditView(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getObject(6, OffsetDateTime.class)), eventId);
    }

    static final String MASK = Redaction.MASK;

    /** The body with the tenant's secrets for this dialer (current and rotated-out) masked, wherever and however they appear. */
    private String masked(String tenant, String dialer, String contentType, String body) {
        String masked = body;
        for (String secret : tenants.secretsToMask(tenant, dialer)) {
            masked = Redaction.dialerSecret(masked, contentType, secret);
        }
        return masked;
    }

    private String newerFinishedEvent(EventRow e) {
        List<String> ids = jdbc.queryForList(CallOrder.A_NEWER_EVENT, String.class, e.id());
        return ids.isEmpty() ? null : ids.get(0);
    }

    private List<AttemptView> attempts(long outboxId) {
        return jdbc.query("select attempt, result, http_status, request_body, response_body, detail, finished_at, duration_ms "
                        + "from delivery_attempt where outbox_id = ? order by attempt",
                (rs, i) -> new AttemptView(rs.getInt(1), rs.getString(2), (Integer) rs.getObject(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getObject(7, OffsetDateTime.class),
                        (Long) rs.getObject(8, Long.class)), outboxId);
    }

    /**
     * One word for support: recorded (nothing to deliver), received (waiting for its first attempt), retrying,
     * parked (a connector needs re-authorising), failed (a dead letter), delivered (every CRM done or skipped by
     * design), discarded (support closed a dead letter).
     */
    static String status(List<DeliveryView> deliveries) {
        return summaryStatus(deliveries.stream().map(DeliveryView::status).toList(), deliveries.stream().anyMatch(d -> d.attempts() > 0));
    }

    /**
     * @param statuses    the outbox statuses of the event's deliveries
     * @param anyAttempts whether any delivery was tried already
     */
    static String summaryStatus(List<String> statuses, boolean anyAttempts) {
        if (statuses.isEmpty()) {
            return "recorded";
        }
        if (statuses.contains(OutboxStatus.FAILED.name())) {
            return "failed";
        }
        if (statuses.stream().allMatch(s -> s.equals(OutboxStatus.DELIVERED.name()) || s.equals(OutboxStatus.SKIPPED.name()) || s.equals(OutboxStatus.DISCARDED.name()))) {
            return statuses.contains(OutboxStatus.DISCARDED.name()) ? "discarded" : "delivered";
        }
        if (statuses.contains(OutboxStatus.PARKED.name()) || statuses.contains(OutboxStatus.PROBE.name())) {
            return "parked";
        }
        if (anyAttempts || statuses.contains(OutboxStatus.RETRYING.name())) {
            return "retrying";
        }
        return "received";
    }

    private List<Warning> warningsOf(JsonNode canonical) {
        JsonNode w = canonical == null ? null : canonical.get("warnings");
        if (w == null || !w.isArray()) {
            return List.of();
        }
        return json.convertValue(w, json.getTypeFactory().constructCollectionType(List.class, Warning.class));
    }

    private JsonNode readTree(String text) {
        try {
            return json.readTree(text);
        } catch (Exception ex) {
            return null;
        }
    }
}
