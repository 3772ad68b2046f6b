package dev.dispositions.gateway.store;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outcome reports' stored state: each counted call (report_call), the daily sums (report_day) and each tenant's
 * report time zone (report_setting). Changing a tenant's zone moves every call it counts to its day in the new zone.
 */
@Repository
public class ReportDays {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ReportDays.class);
    private static final String COUNTS = "calls, connects, meetings, callbacks, follow_ups, opt_outs, inferred_opt_outs, labelled, mapped";
    private static final String CALL_COLUMNS = "event_id, occurred_at, call_day, agent, campaign, list_name, outcome, connected, labelled, "
            + "mapped, inferred_opt_out";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    public ReportDays(JdbcTemplate jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    /** The tenant's report time zone, locked while its calls are counted (a change of zone waits for them, and they for it). */
    ZoneId zoneOf(String tenant) {
        // A tenant without a setting gets its UTC row first, so there is always a row to lock.
        jdbc.update("insert into report_setting (tenant, time_zone, updated_at) values (?, 'UTC', ?) on conflict do nothing", tenant,
                Timestamp.from(Instant.now()));
        List<String> zone = jdbc.queryForList("select time_zone from report_setting where tenant = ? for update", String.class, tenant);
        return zone.isEmpty() ? ZoneOffset.UTC : ZoneId.of(zone.get(0));
    }

    public Optional<String> timeZone(String tenant) {
        return jdbc.queryForList("select time_zone from report_setting where tenant = ?", String.class, tenant).stream().findFirst();
    }

    /** One call of a dialer for a tenant. */
    record Call(String tenant, String dialer, String callId) {
    }

    /** A call counted as {@code now} from here on, instead of {@code before} (null: not counted yet). */
    record Change(Call call, ReportedCall before, ReportedCall now) {
    }

    /** {@code (?, ?, ?), …}: one placeholder triple per call. */
    static String tuples(int calls) {
        return String.join(", ", java.util.Collections.nCopies(calls, "(?, ?, ?)"));
    }

    static Object[] flatten(List<Call> calls) {
        List<Object> args = new ArrayList<>();
        calls.forEach(c -> args.addAll(List.of(c.tenant(), c.dialer(), c.callId())));
        return args.toArray();
    }

    /** What each of these calls counts now, its row locked while the batch changes it. */
    Map<Call, ReportedCall> counted(List<Call> calls) {
        Map<Call, ReportedCall> counted = new java.util.HashMap<>();
        jdbc.query("select tenant, dialer, call_id, " + CALL_COLUMNS + " from report_call where (tenant, dialer, call_id) in ("
                + tuples(calls.size()) + ") for update", rs -> {
            counted.put(new Call(rs.getString(1), rs.getString(2), rs.getString(3)), new ReportedCall(rs.getString(4),
                    rs.getObject(5, java.time.OffsetDateTime.class).toInstant(), rs.getObject(6, java.time.LocalDate.class), rs.getString(7),
                    rs.getString(8), rs.getString(9), rs.getString(10) == null ? null : dev.dispositions.gateway.canonical.Outcome.valueOf(
                    rs.getString(10)), rs.getBoolean(11), rs.getBoolean(12), rs.getBoolean(13), rs.getBoolean(14)));
        }, flatten(calls));
        return counted;
    }

    /** The batch's changes: each day's sums move once by what its calls added and took away, then the calls' rows. */
    void apply(List<Change> changes) {
        if (changes.isEmpty()) {
            return;
        }
        Map<List<Object>, int[]> deltas = new LinkedHashMap<>();
        for (Change c : changes) {
            if (c.before() != null) {
                delta(deltas, c.call(), c.before(), -1);
            }
            delta(deltas, c.call(), c.now(), 1);
        }
        List<Object[]> shrunk = new ArrayList<>();
        deltas.forEach((key, d) -> {
            if (java.util.Arrays.stream(d).allMatch(v -> v == 0)) {
                return;
            }
            int changed = jdbc.update("update report_day set calls = calls + ?, connects = connects + ?, meetings = meetings + ?, "
                    + "callbacks = callbacks + ?, follow_ups = follow_ups + ?, opt_outs = opt_outs + ?, inferred_opt_outs = inferred_opt_outs + ?, "
                    + "labelled = labelled + ?, mapped = mapped + ? where tenant = ? and call_day = ? and dialer = ? and agent = ? "
                    + "and campaign = ? and list_name = ?", concat(signed(d, 1), key.toArray()));
            if (changed == 0 && d[0] < 0) {
                log.warn("outcome reports: tenant {}'s sums for {} had no row to take a call from; left as they are", key.get(0), key.get(1));
            } else if (changed == 0) {
                jdbc.update("insert into report_day (tenant, call_day, dialer, agent, campaign, list_name, " + COUNTS + ") values "
                        + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", concat(key.toArray(), signed(d, 1)));
            } else if (d[0] < 0) {
                shrunk.add(key.toArray());
            }
        });
        if (!shrunk.isEmpty()) {
            jdbc.batchUpdate("delete from report_day where tenant = ? and call_day = ? and dialer = ? and agent = ? and campaign = ? "
                    + "and list_name = ? and calls = 0", shrunk);
        }
        List<Object[]> gone = new ArrayList<>();
        List<Object[]> counted = new ArrayList<>();
        for (Change c : changes) {
            if (c.before() != null) {
                gone.add(new Object[] {c.call().tenant(), c.call().dialer(), c.call().callId()});
            }
            ReportedCall now = c.now();
            counted.add(new Object[] {c.call().tenant(), c.call().dialer(), c.call().callId(), now.eventId(), Timestamp.from(now.occurredAt()),
                Date.valueOf(now.day()), now.agent(), now.campaign(), now.list(), now.outcome() == null ? null : now.outcome().name(),
                now.connected(), now.labelled(), now.mapped(), now.inferredOptOut()});
        }
        if (!gone.isEmpty()) {
            jdbc.batchUpdate("delete from report_call where tenant = ? and dialer = ? and call_id = ?", gone);
        }
        jdbc.batchUpdate("insert into report_call (tenant, dialer, call_id, " + CALL_COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                + "?, ?)", counted);
    }

    private static void delta(Map<List<Object>, int[]> deltas, Call call, ReportedCall r, int sign) {
        int[] d = deltas.computeIfAbsent(List.of(call.tenant(), Date.valueOf(r.day()), call.dialer(), r.agent(), r.campaign(), r.list()),
                k -> new int[9]);
        int[] counts = r.counts();
        for (int i = 0; i < counts.length; i++) {
            d[i] += sign * counts[i];
        }
    }

    /**
     * The tenant's reports in another time zone: every call it counts moves to its day there, and the sums are made
     * anew from them, in one transaction (a report reads the old days until it commits).
     *
     * @return the calls moved
     */
    public int changeZone(String tenant, ZoneId zone, Instant now) {
        Integer moved = tx.execute(status -> {
            zoneOf(tenant); // locked: no call of the tenant is counted meanwhile, nor was one half-way when it was taken
            jdbc.update("update report_setting set time_zone = ?, updated_at = ? where tenant = ?", zone.getId(), Timestamp.from(now), tenant);
            Map<List<Object>, int[]> sums = new LinkedHashMap<>();
            List<Object[]> days = new ArrayList<>();
            jdbc.query("select dialer, call_id, " + CALL_COLUMNS + " from report_call where tenant = ?", rs -> {
                ReportedCall c = new ReportedCall(rs.getString(3), rs.getObject(4, java.time.OffsetDateTime.class).toInstant(), null,
                        rs.getString(6), rs.getString(7), rs.getString(8),
                        rs.getString(9) == null ? null : dev.dispositions.gateway.canonical.Outcome.valueOf(rs.getString(9)), rs.getBoolean(10),
                        rs.getBoolean(11), rs.getBoolean(12), rs.getBoolean(13)).in(zone);
                days.add(new Object[] {Date.valueOf(c.day()), tenant, rs.getString(1), rs.getString(2)});
                int[] sum = sums.computeIfAbsent(List.of(Date.valueOf(c.day()), rs.getString(1), c.agent(), c.campaign(), c.list()), k -> new int[9]);
                int[] counts = c.counts();
                for (int i = 0; i < counts.length; i++) {
                    sum[i] += counts[i];
                }
            }, tenant);
            jdbc.batchUpdate("update report_call set call_day = ? where tenant = ? and dialer = ? and call_id = ?", days);
            jdbc.update("delete from report_day where tenant = ?", tenant);
            List<Object[]> rows = new ArrayList<>();
            sums.forEach((k, c) -> rows.add(concat(new Object[] {tenant, k.get(0), k.get(1), k.get(2), k.get(3), k.get(4)}, signed(c, 1))));
            jdbc.batchUpdate("insert into report_day (tenant, call_day, dialer, agent, campaign, list_name, " + COUNTS + ") values "
                    + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows);
            return days.size();
        });
        return moved == null ? 0 : moved;
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
