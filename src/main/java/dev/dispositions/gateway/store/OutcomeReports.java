package dev.dispositions.gateway.store;

import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Reads the outcome reports from their daily sums ({@link ReportAggregates}): one row per group, and the total. */
@Repository
public class OutcomeReports {
    /** What a report groups by, and the column it is. */
    public static final Map<String, String> GROUPS = Map.of("agent", "agent", "campaign", "campaign", "list", "list_name",
            "dialer", "dialer", "day", "call_day");

    private final JdbcTemplate jdbc;

    public OutcomeReports(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The sums of one group; rates are null where their divisor is zero.
     *
     * @param key the agent, campaign, list, dialer or day; "" where calls named none
     */
    public record Row(String key, long calls, long connects, Double connectionRate, long meetings, Double meetingsPerConnect,
                      Double meetingsPerCall, long callbacks, long followUps, long optOuts, long inferredOptOuts, long labelled,
                      Double labelledRate, long mapped, Double mappedRate) {
        static Row of(String key, long[] c) {
            return new Row(key, c[0], c[1], rate(c[1], c[0]), c[2], rate(c[2], c[1]), rate(c[2], c[0]), c[3], c[4], c[5], c[6], c[7],
                    rate(c[7], c[0]), c[8], rate(c[8], c[0]));
        }

        private static Double rate(long of, long in) {
            return in == 0 ? null : Math.round(of * 10000.0 / in) / 10000.0;
        }
    }

    /** Days from {@code from} to {@code to}, both included (the tenant's report days), grouped; the rows in the group's order. */
    public List<Row> grouped(String tenant, LocalDate from, LocalDate to, String groupBy) {
        String column = GROUPS.get(groupBy);
        if (column == null) {
            throw new IllegalArgumentException("no grouping '" + groupBy + "'");
        }
        return jdbc.query("select " + column + ", sum(calls), sum(connects), sum(meetings), sum(callbacks), sum(follow_ups), sum(opt_outs), "
                + "sum(inferred_opt_outs), sum(labelled), sum(mapped) from report_day where tenant = ? and call_day >= ? and call_day <= ? "
                + "group by " + column + " order by " + column, (rs, i) -> Row.of(rs.getString(1), counts(rs)), tenant, Date.valueOf(from),
                Date.valueOf(to));
    }

    /** The groups' sums added up: every call is in exactly one group, so no second pass over the days is needed. */
    public static Row total(List<Row> rows) {
        long[] c = new long[9];
        for (Row r : rows) {
            long[] v = {r.calls(), r.connects(), r.meetings(), r.callbacks(), r.followUps(), r.optOuts(), r.inferredOptOuts(), r.labelled(),
                r.mapped()};
            for (int i = 0; i < 9; i++) {
                c[i] += v[i];
            }
        }
        return Row.of("total", c);
    }

    private static long[] counts(java.sql.ResultSet rs) throws java.sql.SQLException {
        long[] c = new long[9];
        for (int i = 0; i < 9; i++) {
            c[i] = rs.getLong(i + 2);
        }
        return c;
    }
}
