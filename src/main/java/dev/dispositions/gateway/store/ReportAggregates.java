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
 * Keeps the outcome reports' daily sums as events are stored: each event not yet read makes its call's counted event
 * the call's latest finished one (by the order deliveries use, {@link CallOrder}); when that changes (a newer event,
 * an event superseded), the old one's counts leave its day and the new one's join. Durable and shared by replicas:
 * the events are claimed with {@code skip locked}, and each call's row is locked while it changes.
 */
@Component
public class ReportAggregates {
    private static final Logger log = LoggerFactory.getLogger(ReportAggregates.class);
    private static final int BATCH = 500;
    private static final String COUNTS = "calls, connects, meetings, callbacks, follow_ups, opt_outs, inferred_opt_outs, labelled, mapped";
    private static final String LATEST = "select e.id, e.canonical from call_event e where e.tenant = ? and e.dialer = ? and e.call_id = ? "
            + "and e.call_state = 'COMPLETED' and not exists (select 1 from call_event n where " + CallOrder.SAME_CALL + " and "
            + CallOrder.NEWER + ") order by e.received_at desc, e.id desc fetch first 1 rows only";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final CanonicalJson canonical;
    private final java.time.Clock clock;
    private final java.time.Duration keep;

    public ReportAggregates(JdbcTemplate jdbc, TransactionTemplate tx, CanonicalJson canonical, java.time.Clock clock,
                            @org.springframework.beans.factory.annotation.Value("${gateway.reports.keep:P400D}") java.time.Duration keep) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.canonical = canonical;
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
            jdbc.query("select id, tenant, dialer, call_id from call_event where reported = false order by received_at, id "
                    + "fetch first " + BATCH + " rows only for update skip locked", rs -> {
                events.put(rs.getString(1), new CallKey(rs.getString(2), rs.getString(3), rs.getString(4)));
            });
            if (events.isEmpty()) {
                return 0;
            }
            events.values().stream().distinct().forEach(this::recount);
            List<Object[]> ids = new ArrayList<>();
            events.keySet().forEach(id -> ids.add(new Object[] {id}));
            jdbc.batchUpdate("update call_event set reported = true where id = ?", ids);
            return events.size();
        });
        return read == null ? 0 : read;
    }

    /** The call's counted event becomes its latest finished one. */
    private void recount(CallKey call) {
        List<ReportedCall> current = jdbc.query("select event_id, call_day, agent, campaign, list_name, outcome, connected, labelled, mapped, "
                + "inferred_opt_out from report_call where tenant = ? and dialer = ? and call_id = ? for update", (rs, i) -> new ReportedCall(
                rs.getString(1), rs.getObject(2, java.time.LocalDate.class), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6) == null ? null : dev.dispositions.gateway.canonical.Outcome.valueOf(rs.getString(6)), rs.getBoolean(7),
                rs.getBoolean(8), rs.getBoolean(9), rs.getBoolean(10)), call.tenant(), call.dialer(), call.callId());
        List<ReportedCall> latest = jdbc.query(LATEST, (rs, i) -> ReportedCall.of(rs.getString(1), canonical.read(rs.getString(2))),
                call.tenant(), call.dialer(), call.callId());
        if (latest.isEmpty() || (!current.isEmpty() && current.get(0).eventId().equals(latest.get(0).eventId()))) {
            return; // no finished event yet, or the one counted is still the latest
        }
        ReportedCall now = latest.get(0);
        if (!current.isEmpty()) {
            add(call, current.get(0), -1);
            jdbc.update("delete from report_call where tenant = ? and dialer = ? and call_id = ?", call.tenant(), call.dialer(), call.callId());
        }
        add(call, now, 1);
        jdbc.update("insert into report_call (tenant, dialer, call_id, event_id, call_day, agent, campaign, list_name, outcome, connected, "
                + "labelled, mapped, inferred_opt_out) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", call.tenant(), call.dialer(),
                call.callId(), now.eventId(), Date.valueOf(now.day()), now.agent(), now.campaign(), now.list(),
                now.outcome() == null ? null : now.outcome().name(), now.connected(), now.labelled(), now.mapped(), now.inferredOptOut());
    }

    /** Adds (sign 1) or takes away (sign -1) one call's counts in its day's row. */
    private void add(CallKey call, ReportedCall r, int sign) {
        int[] c = r.counts();
        Object[] key = {call.tenant(), Date.valueOf(r.day()), call.dialer(), r.agent(), r.campaign(), r.list()};
        int changed = jdbc.update("update report_day set calls = calls + ?, connects = connects + ?, meetings = meetings + ?, "
                + "callbacks = callbacks + ?, follow_ups = follow_ups + ?, opt_outs = opt_outs + ?, inferred_opt_outs = inferred_opt_outs + ?, "
                + "labelled = labelled + ?, mapped = mapped + ? where tenant = ? and call_day = ? and dialer = ? and agent = ? and campaign = ? "
                + "and list_name = ?", concat(signed(c, sign), key));
        if (sign < 0) {
            jdbc.update("delete from report_day where tenant = ? and call_day = ? and dialer = ? and agent = ? and campaign = ? "
                    + "and list_name = ? and calls = 0", key);
        } else if (changed == 0) {
            jdbc.update("insert into report_day (tenant, call_day, dialer, agent, campaign, list_name, " + COUNTS + ") values "
                    + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", concat(key, signed(c, 1)));
        }
    }

    private static Object[] signed(int[] counts, int sign) {
        Object[] out = new Object[counts.length];
        for (int i = 0; i < counts.length; i++) {
            out[i] = counts[i] * sign;
        }
        return out;
    }

    private static Object[] concat(Object[] a, Object[] b) {
        Object[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
