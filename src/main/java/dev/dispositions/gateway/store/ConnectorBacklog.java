package dev.dispositions.gateway.store;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** How many deliveries each tenant's connector has in each state, and how long the oldest unfinished one has waited. */
@Repository
public class ConnectorBacklog {
    private final JdbcTemplate jdbc;

    public ConnectorBacklog(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * @param oldestWaiting when the oldest row not yet delivered, skipped, failed or discarded was accepted (null: none)
     * @param lastHour      rows accepted in the last hour, by status now
     * @param lastDay       rows accepted in the last 24 hours, by status now
     */
    public record Backlog(Map<String, Long> byStatus, OffsetDateTime oldestWaiting, Map<String, Long> lastHour, Map<String, Long> lastDay) {
    }

    /** By {@code tenant + "/" + crm}, with the last hour's and day's rows counted as of {@code now}. */
    public Map<String, Backlog> all(java.time.Instant now) {
        Map<String, Backlog> all = all();
        Map<String, Map<String, Long>> hour = recent(now.minus(java.time.Duration.ofHours(1)));
        Map<String, Map<String, Long>> day = recent(now.minus(java.time.Duration.ofDays(1)));
        Map<String, Backlog> out = new HashMap<>();
        all.forEach((key, b) -> out.put(key, new Backlog(b.byStatus(), b.oldestWaiting(), hour.getOrDefault(key, Map.of()),
                day.getOrDefault(key, Map.of()))));
        return out;
    }

    private Map<String, Map<String, Long>> recent(java.time.Instant since) {
        Map<String, Map<String, Long>> counts = new HashMap<>();
        jdbc.query("select tenant, crm, status, count(*) from outbox where created_at >= ? group by tenant, crm, status", rs -> {
            counts.computeIfAbsent(rs.getString(1) + "/" + rs.getString(2), k -> new TreeMap<>()).put(rs.getString(3), rs.getLong(4));
        }, EventStore.utc(since));
        return counts;
    }

    /** By {@code tenant + "/" + crm}. */
    public Map<String, Backlog> all() {
        Map<String, Map<String, Long>> counts = new HashMap<>();
        Map<String, OffsetDateTime> oldest = new HashMap<>();
        jdbc.query("select tenant, crm, status, count(*), min(created_at) from outbox group by tenant, crm, status", rs -> {
            String key = rs.getString(1) + "/" + rs.getString(2);
            String status = rs.getString(3);
            counts.computeIfAbsent(key, k -> new TreeMap<>()).put(status, rs.getLong(4));
            if (!Outbox.FINAL_STATUSES.contains(status)) {
                OffsetDateTime at = rs.getObject(5, OffsetDateTime.class);
                oldest.merge(key, at, (a, b) -> a.isBefore(b) ? a : b);
            }
        });
        Map<String, Backlog> out = new HashMap<>();
        counts.forEach((key, byStatus) -> out.put(key, new Backlog(byStatus, oldest.get(key), Map.of(), Map.of())));
        return out;
    }
}
