package dev.dispositions.gateway.store;

import java.sql.Date;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps the outcome reports' daily sums as events are stored: each event not yet read (report_pending, written with
 * it) makes its call's counted event
 * the call's latest finished one (by the order deliveries use, {@link CallOrder}); when that changes (a newer event,
 * an event superseded), the old one's counts leave its day and the new one's join. Durable and shared by replicas:
 * the events are claimed with {@code skip locked}, and each call's row is locked while it changes.
 */
@Component
public class ReportAggregates {
    private static final Logger log = LoggerFactory.getLogger(ReportAggregates.class);
    private static final int BATCH = 500;
    /** The calls' finished events that no other of the call is newer than (ties possible: the caller picks). */
    private static final String LATEST = "select e.tenant, e.dialer, e.call_id, e.id, e.canonical, e.occurred_at, e.received_at "
            + "from call_event e where (e.tenant, e.dialer, e.call_id) in (#CALLS) and e.call_state = 'COMPLETED' and not exists "
            + "(select 1 from call_event n where " + CallOrder.SAME_CALL + " and " + CallOrder.NEWER + ")";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final CanonicalJson canonical;
    private final ReportDays days;
    private final java.time.Clock clock;
    private final java.time.Duration keep;

    public ReportAggregates(JdbcTemplate jdbc, TransactionTemplate tx, CanonicalJson canonical, ReportDays days, java.time.Clock clock,
                            @org.springframework.beans.factory.annotation.Value("${gateway.reports.keep:P400D}") java.time.Duration keep) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.canonical = canonical;
        this.days = days;
        this.clock = clock;
        this.keep = keep;
    }

    /**
     * The sums and the calls they count are kept for {@code gateway.reports.keep} (400 days), longer than the events:
     * a call's row goes with its day, never before, so a late event of a call still counted cannot count it twice.
     */
    @Scheduled(fixedDelayString = "${gateway.retention.every:1m}", initialDelayString = "${gateway.retention.every:1m}")
    public void prune() {
        Date before = Date.valueOf(java.time.LocalDate.ofInstant(clock.instant().minus(keep), java.time.ZoneOffset.UTC));
        try {
            int days = jdbc.update("delete from report_day where call_day < ?", before);
            int calls = jdbc.update("delete from report_call where call_day < ?", before);
            if (days + calls > 0) {
                log.info("outcome reports: {} daily sums and {} calls older than {} removed", days, calls, keep);
            }
        } catch (RuntimeException e) {
            log.warn("outcome reports not pruned this time: {}", e.toString());
        }
    }

    @Scheduled(fixedDelayString = "${gateway.reports.every:1s}", initialDelayString = "${gateway.reports.every:1s}")
    public void scheduled() {
        // A backlog (the backfill after an upgrade, a burst) is read a few seconds at a time: the other scheduled jobs
        // share this thread (the tenants' refresh, the embedded database's checkpoint).
        long until = System.nanoTime() + java.time.Duration.ofSeconds(3).toNanos();
        try {
            while (catchUp() == BATCH && System.nanoTime() < until) {
                // more to read, and time left
            }
        } catch (RuntimeException e) {
            log.warn("outcome reports not updated this time, tried again shortly: {}", e.toString());
        }
    }

    /**
     * Reads up to one batch of events not yet in the reports, in one transaction and a handful of statements: the
     * calls' counted events and latest ones are read together, and each day's sums change once for the batch.
     * Returns how many events it read.
     */
    public int catchUp() {
        Integer read = tx.execute(status -> {
            Map<String, ReportDays.Call> events = new LinkedHashMap<>();
            jdbc.query("select event_id, tenant, dialer, call_id from report_pending order by received_at, event_id "
                    + "fetch first " + BATCH + " rows only for update skip locked", rs -> {
                events.put(rs.getString(1), new ReportDays.Call(rs.getString(2), rs.getString(3), rs.getString(4)));
            });
            if (events.isEmpty()) {
                return 0;
            }
            Map<String, java.time.ZoneId> zones = new java.util.HashMap<>();
            List<ReportDays.Call> calls = events.values().stream().distinct().toList();
            calls.forEach(c -> zones.computeIfAbsent(c.tenant(), days::zoneOf));
            Map<ReportDays.Call, ReportedCall> counted = days.counted(calls);
            Map<ReportDays.Call, ReportedCall> latest = latest(calls, zones);
            List<ReportDays.Change> changes = new ArrayList<>();
            latest.forEach((call, now) -> {
                ReportedCall before = counted.get(call);
                if (now != null && (before == null || !before.eventId().equals(now.eventId()))) {
                    changes.add(new ReportDays.Change(call, before, now));
                }
            });
            days.apply(changes);
            List<Object[]> ids = new ArrayList<>();
            events.keySet().forEach(id -> ids.add(new Object[] {id}));
            jdbc.batchUpdate("delete from report_pending where event_id = ?", ids);
            return events.size();
        });
        return read == null ? 0 : read;
    }

    /** Each call's latest finished event, as counted; null for a call whose latest cannot be read (logged, left out). */
    private Map<ReportDays.Call, ReportedCall> latest(List<ReportDays.Call> calls, Map<String, java.time.ZoneId> zones) {
        Map<ReportDays.Call, ReportedCall> latest = new java.util.HashMap<>();
        Map<ReportDays.Call, Map.Entry<java.time.Instant, String>> newest = new java.util.HashMap<>();
        java.util.Comparator<Map.Entry<java.time.Instant, String>> order = Map.Entry.<java.time.Instant, String>comparingByKey()
                .thenComparing(Map.Entry.comparingByValue());
        jdbc.query(LATEST.replace("#CALLS", ReportDays.tuples(calls.size())), rs -> {
            ReportDays.Call call = new ReportDays.Call(rs.getString(1), rs.getString(2), rs.getString(3));
            var seen = newest.get(call);
            var here = Map.entry(rs.getObject(7, java.time.OffsetDateTime.class).toInstant(), rs.getString(4));
            if (seen == null || order.compare(seen, here) < 0) { // ties: the newest received, then the greatest id
                newest.put(call, here);
                latest.put(call, read(rs.getString(4), rs.getString(5), rs.getObject(6, java.time.OffsetDateTime.class).toInstant(),
                        zones.get(call.tenant())));
            }
        }, ReportDays.flatten(calls));
        return latest;
    }

    private ReportedCall read(String eventId, String canonicalJson, java.time.Instant occurredAt, java.time.ZoneId zone) {
        try {
            return ReportedCall.of(eventId, canonical.read(canonicalJson), occurredAt, zone);
        } catch (RuntimeException e) {
            log.warn("event {} is left out of the outcome reports: its canonical form cannot be read ({})", eventId, e.toString());
            return null;
        }
    }
}
