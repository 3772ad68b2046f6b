package dev.dispositions.gateway.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dispositions.gateway.GatewayIntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * How fast a year's outcome report answers over HTTP for a 100-rep team making ~3 million calls: the daily sums such
 * a year leaves (100 reps, every weekday of 2025, 2 campaigns and 2 lists each, about 30 calls a row) are written
 * straight into report_day (sending 3 million webhooks would take the better part of an hour), then each grouping is
 * asked 21 times; the median of the last 20. Run:
 * {@code mvn test -Dbenchmarks.excluded= -Dgroups=benchmark -Dtest=ReportQueryBenchmark}; results in
 * target/benchmarks/report-queries.json.
 */
@Tag("benchmark")
class ReportQueryBenchmark extends GatewayIntegrationTest {
    /** Where the figures go: target/benchmarks/&lt;name&gt;.json. */
    protected String resultName() {
        return "report-queries";
    }

    private static final int REPS = Integer.getInteger("reports.reps", 100);

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aYearOfAHundredRepTeamAnswersEachGrouping() throws Exception {
        long calls = seed();
        HttpClient client = HttpClient.newHttpClient();
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("reps", REPS);
        result.put("calls", calls);
        result.put("dailyRows", jdbc.queryForObject("select count(*) from report_day where tenant = 'globex' and call_day <= date '2025-12-31' "
                + "and call_day >= date '2025-01-01'", Long.class));
        for (String groupBy : List.of("day", "agent", "campaign", "list", "dialer")) {
            List<Double> ms = new ArrayList<>();
            for (int i = 0; i < 21; i++) {
                long start = System.nanoTime();
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/api/reports/outcomes?tenant=globex&from=2025-01-01&to=2025-12-31&groupBy=" + groupBy))
                        .header("X-Api-Key", ADMIN_KEY).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200 || !r.body().contains("\"calls\":" + calls)) {
                    throw new AssertionError(groupBy + ": " + r.statusCode() + " " + r.body().substring(0, Math.min(300, r.body().length())));
                }
                if (i > 0) {
                    ms.add((System.nanoTime() - start) / 1e6);
                }
            }
            result.put(groupBy + "MedianMs", ms.stream().sorted().toList().get(ms.size() / 2));
        }
        Files.createDirectories(Path.of("target/benchmarks"));
        result.put("database", jdbc.execute((java.sql.Connection c) -> c.getMetaData().getDatabaseProductName() + " "
                + c.getMetaData().getDatabaseProductVersion()));
        Files.writeString(Path.of("target/benchmarks/" + resultName() + ".json"), new ObjectMapper().writerWithDefaultPrettyPrinter()
                .writeValueAsString(result));
        System.out.println("BENCHMARK " + result);
    }

    /** The daily sums of a year of calls; returns how many calls they count. */
    private long seed() {
        List<Object[]> rows = new ArrayList<>();
        long calls = 0;
        for (LocalDate d = LocalDate.of(2025, 1, 1); d.getYear() == 2025; d = d.plusDays(1)) {
            if (d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY) {
                continue;
            }
            for (int rep = 0; rep < REPS; rep++) {
                for (int c = 0; c < 4; c++) {
                    int n = 25 + (rep * 7 + c * 3 + d.getDayOfYear()) % 11;
                    calls += n;
                    rows.add(new Object[] {"globex", Date.valueOf(d), "generic", "rep" + rep + "@globex.example", "campaign-" + (c % 2),
                        "list-" + (c / 2), n, n / 3, n / 20, n / 15, n / 25, n / 50, 0, n, n - n / 30});
                }
            }
        }
        jdbc.batchUpdate("insert into report_day (tenant, call_day, dialer, agent, campaign, list_name, calls, connects, meetings, callbacks, "
                + "follow_ups, opt_outs, inferred_opt_outs, labelled, mapped) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows);
        return calls;
    }
}
