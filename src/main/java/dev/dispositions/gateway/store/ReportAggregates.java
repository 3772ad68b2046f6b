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
    private static final String LATEST = "select e.id, e.canonical, e.occurred_at from call_event e where e.tenant = ? and e.dialer = ? and e.call_id = ? "
            + "and e.call_state = 'COMPLETED' and not exists (select 1 from call_event n where " + CallOrder.SAME_CALL + " and "
            + CallOrder.NEWER + ") order by e.received_at desc, e.id desc fetch first 1 rows only";

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

    private record CallKey(String tenant, String dialer, String callId) {
    }

    @Scheduled(fixedDelayString = "${gateway.reports.every:1s}", initialDelayString = "${gateway.reports.every:1s}")
    public void scheduled() {
        try {
            while (catchUp() == BATCH) {
                // a backlog (a backfill after an upgrade, a burst): keep going until it is read
            }
        } catch (RuntimeException e) {
            log.warn("outcome reports not updated this time, tried again shortly: {}", e.toString());
        }
    }

    /** Reads up to one batch of events not yet in the reports; returns how many it read. */
    public int catchUp() {
        Integer read = tx.execute(status -> {
            Map<String, CallKey> events = new LinkedHashMap<>();
            jdbc.query("select event_id, tenant, dialer, call_id from report_pending order by received_at, event_id "
                    + "fetch first " + BATCH + " rows only for update skip locked", rs -> {
                events.put(rs.getString(1), new CallKey(rs.getString(2), rs.getString(3), rs.getString(4)));
            });
            if (events.isEmpty()) {
                return 0;
            }
            Map<String, java.time.ZoneId> zones = new java.util.HashMap<>();
            events.values().stream().distinct().forEach(call -> recount(call, zones.computeIfAbsent(call.tenant(), days::zoneOf)));
            List<Object[]> ids = new ArrayList<>();
            events.keySet().forEach(id -> ids.add(new Object[] {id}));
            jdbc.batchUpdate("delete from report_pending where event_id = ?", ids);
            return events.size();
        });
        return read == null ? 0 : read;
    }

    /** The call's counted event becomes its latest finished one. */
    private void recount(CallKey call, java.time.ZoneId zone) {
        java.util.Optional<ReportedCall> current = days.counted(call.tenant(), call.dialer(), call.callId());
        List<ReportedCall> latest = jdbc.query(LATEST, (rs, i) -> read(rs.getString(1), rs.getString(2),
                rs.getObject(3, java.time.OffsetDateTime.class).toInstant(), zone), call.tenant(), call.dialer(), call.callId());
        if (latest.contains(null)) {
            return; // its canonical form cannot be read (logged): the call is left out rather than holding every other back
        }
        if (latest.isEmpty() || current.map(c -> c.eventId().equals(latest.get(0).eventId())).orElse(false)) {
            return; // no finished event yet, or the one counted is still the latest
        }
        days.replace(call.tenant(), call.dialer(), call.callId(), current, latest.get(0));
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
