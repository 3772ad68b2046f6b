package dev.dispositions.gateway.store;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * How many deliveries each tenant's connector has in each state, and how long the oldest unfinished one has waited.
 * A console left open on the overview, and the metrics, read this every few seconds under any load: the counts by
 * state are read from the connector's index alone (no row is read), live; the last hour's and day's counts, which
 * must read every recent row, are recounted at most every {@link #RECENT_EVERY}.
 */
@Repository
public class ConnectorBacklog {
    static final Duration RECENT_EVERY = Duration.ofSeconds(10);

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;
    private volatile Recent recent = new Recent(Instant.MIN, Map.of(), Map.of());

    public ConnectorBacklog(JdbcTemplate jdbc, NamedParameterJdbcTemplate named) {
        this.jdbc = jdbc;
        this.named = named;
    }

    /**
     * @param oldestWaiting when the oldest row not yet delivered, skipped, failed or discarded was accepted (null: none)
     * @param lastHour      rows accepted in the last hour, by status (as of at most {@link #RECENT_EVERY} ago)
     * @param lastDay       rows accepted in the last 24 hours, by status (likewise)
     */
    public record Backlog(Map<String, Long> byStatus, OffsetDateTime oldestWaiting, Map<String, Long> lastHour, Map<String, Long> lastDay) {
    }

    private record Recent(Instant countedAt, Map<String, Map<String, Long>> hour, Map<String, Map<String, Long>> day) {
    }

    /** The connector's backlog now; a connector with no rows has empty counts. */
    public Backlog of(String tenant, String crm, Instant now) {
        Map<String, Long> byStatus = new TreeMap<>();
        List<Long> firstWaiting = new ArrayList<>();
        // ix_outbox_due_by_connector leads with (tenant, crm, status) and holds the id: an index-only range.
        jdbc.query("select status, count(*), min(id) from outbox where tenant = ? and crm = ? group by status", rs -> {
            byStatus.put(rs.getString(1), rs.getLong(2));
            if (!Outbox.FINAL_STATUSES.contains(rs.getString(1))) {
                firstWaiting.add(rs.getLong(3));
            }
        }, tenant, crm);
        // Ids grow with creation, so each status's lowest id is its oldest row.
        OffsetDateTime oldest = firstWaiting.isEmpty() ? null : named.queryForObject("select min(created_at) from outbox where id in (:ids)",
                new MapSqlParameterSource("ids", firstWaiting), OffsetDateTime.class);
        Recent r = recent(now);
        String key = tenant + "/" + crm;
        return new Backlog(byStatus, oldest, r.hour().getOrDefault(key, Map.of()), r.day().getOrDefault(key, Map.of()));
    }

    private Recent recent(Instant now) {
        Recent r = recent;
        if (r.countedAt().isAfter(now.minus(RECENT_EVERY)) && !r.countedAt().isAfter(now)) {
            return r;
        }
        synchronized (this) {
            if (recent != r) {
                return recent;
            }
            recent = new Recent(now, countSince(now.minus(Duration.ofHours(1))), countSince(now.minus(Duration.ofDays(1))));
            return recent;
        }
    }

    private Map<String, Map<String, Long>> countSince(Instant since) {
        Map<String, Map<String, Long>> counts = new HashMap<>();
        jdbc.query("select tenant, crm, status, count(*) from outbox where created_at >= ? group by tenant, crm, status", rs -> {
            counts.computeIfAbsent(rs.getString(1) + "/" + rs.getString(2), k -> new TreeMap<>()).put(rs.getString(3), rs.getLong(4));
        }, EventStore.utc(since));
        return counts;
    }
}
