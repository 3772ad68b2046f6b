package dev.dispositions.gateway.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Read side for support: where one event is, and what each CRM answered. */
@Repository
public class EventQueries {
    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public EventQueries(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public record EventView(
            String eventId, String tenant, String dialer, String callId, String state, String outcome, String status,
            OffsetDateTime occurredAt, OffsetDateTime receivedAt, JsonNode canonical,
            List<DeliveryView> deliveries, List<TimelineEntry> timeline, List<AuditView> compliance) {
    }

    /** One attempt to honour a do-not-contact request, from the audit table. */
    public record AuditView(String crm, String action, String personId, String result, Integer httpStatus, String detail,
                            OffsetDateTime at) {
    }

    public record DeliveryView(
            String crm, String action, String status, int attempts, OffsetDateTime nextAttemptAt, String crmRecordId,
            String lastResult, String lastDetail, List<AttemptView> attemptHistory) {
        static final String ACTIVITY = "activity";
    }

    public record AttemptView(int attempt, String result, Integer httpStatus, String request, String response,
                              String detail, OffsetDateTime at) {
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
                "select id, crm, action, status, attempts, next_attempt_at, crm_record_id, last_result, last_detail "
                        + "from outbox where event_id = ? order by crm, action",
                (rs, i) -> new DeliveryView(rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                        rs.getObject(6, OffsetDateTime.class), rs.getString(7), rs.getString(8), rs.getString(9),
                        attempts(rs.getLong(1))), eventId);

        List<TimelineEntry> timeline = new ArrayList<>();
        timeline.add(new TimelineEntry(e.receivedAt(), "received", "from " + e.dialer() + ", call " + e.callId()));
        timeline.add(new TimelineEntry(e.receivedAt(), "normalized", "IN_PROGRESS".equals(e.state())
                ? "call in progress: kept on the timeline, not sent to a CRM" : "outcome " + e.outcome()));
        for (DeliveryView d : deliveries) {
            for (AttemptView a : d.attemptHistory()) {
                timeline.add(new TimelineEntry(a.at(), "delivery",
                        d.crm() + (DeliveryView.ACTIVITY.equals(d.action()) ? "" : " " + d.action()) + " attempt " + a.attempt() + ": " + a.result()
                                + (a.httpStatus() == null ? "" : " (HTTP " + a.httpStatus() + ")")
                                + (a.detail() == null ? "" : " " + a.detail())));
            }
        }
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
        return Optional.of(new EventView(e.id(), e.tenant(), e.dialer(), e.callId(), e.state(), e.outcome(),
                status, e.occurredAt(), e.receivedAt(), readTree(e.canonical()), deliveries, timeline, compliance));
    }

    private String newerFinishedEvent(EventRow e) {
        List<String> ids = jdbc.queryForList("select id from call_event where tenant = ? and dialer = ? and call_id = ? "
                + "and call_state = 'COMPLETED' and occurred_at > ? order by occurred_at desc fetch first 1 rows only",
                String.class, e.tenant(), e.dialer(), e.callId(), e.occurredAt());
        return ids.isEmpty() ? null : ids.get(0);
    }

    private List<AttemptView> attempts(long outboxId) {
        return jdbc.query("select attempt, result, http_status, request_body, response_body, detail, finished_at "
                        + "from delivery_attempt where outbox_id = ? order by attempt",
                (rs, i) -> new AttemptView(rs.getInt(1), rs.getString(2), (Integer) rs.getObject(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getObject(7, OffsetDateTime.class)), outboxId);
    }

    /**
     * One word for support: recorded (nothing to deliver), received (waiting for its first attempt),
     * retrying, failed (some CRM gave up), delivered (every CRM done or skipped by design).
     */
    static String status(List<DeliveryView> deliveries) {
        if (deliveries.isEmpty()) {
            return "recorded";
        }
        if (deliveries.stream().anyMatch(d -> "FAILED".equals(d.status()))) {
            return "failed";
        }
        if (deliveries.stream().allMatch(d -> "DELIVERED".equals(d.status()) || "SKIPPED".equals(d.status()))) {
            return "delivered";
        }
        if (deliveries.stream().anyMatch(d -> d.attempts() > 0 || "RETRYING".equals(d.status()))) {
            return "retrying";
        }
        return "received";
    }

    private JsonNode readTree(String text) {
        try {
            return json.readTree(text);
        } catch (Exception ex) {
            return null;
        }
    }
}
