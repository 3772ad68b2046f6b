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

    /** @param oldestWaiting when the oldest row not yet delivered, skipped, failed or discarded was accepted (null: none) */
    public record Backlog(Map<String, Long> byStatus, OffsetDateTime oldestWaiting) {
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
        counts.forEach((key, byStatus) -> out.put(key, new Backlog(byStatus, oldest.get(key))));
        return out;
    }
}
