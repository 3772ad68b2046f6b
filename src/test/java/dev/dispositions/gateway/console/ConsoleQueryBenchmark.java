package dev.dispositions.gateway.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dispositions.gateway.GatewayIntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * How fast the console's API answers on a store of tens of thousands of events (a third of them dead letters): the
 * median of 20 calls of each page's request, on the embedded database. Run:
 * {@code mvn test -Dbenchmarks.excluded= -Dgroups=benchmark -Dtest=ConsoleQueryBenchmark} (-Dconsole.events=N);
 * results in target/benchmarks/console-queries.json.
 */
@Tag("benchmark")
class ConsoleQueryBenchmark extends GatewayIntegrationTest {
    private static final int EVENTS = Integer.getInteger("console.events", 30_000);

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void consolePagesOnTensOfThousandsOfEvents() throws Exception {
        String prefix = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        seed(prefix);
        HttpClient http = HttpClient.newHttpClient();
        Map<String, String> pages = new LinkedHashMap<>();
        pages.put("overview", "/api/connectors");
        pages.put("failedSyncs", "/api/dead-letters?tenant=globex&limit=50");
        pages.put("failedSyncsFiltered", "/api/dead-letters?tenant=globex&crm=hubspot&reason=PERMANENT&outcome=BUSY&limit=50");
        pages.put("failedSyncsPage100", "/api/dead-letters?tenant=globex&limit=50&offset=5000");
        pages.put("events", "/api/events?tenant=globex&limit=50");
        pages.put("searchByCallId", "/api/events?callId=" + prefix + "-12345");
        pages.put("searchByPhone", "/api/events?phone=%2B14155557777&limit=100");
        Map<String, Object> medians = new LinkedHashMap<>();
        for (var page : pages.entrySet()) {
            List<Double> ms = new ArrayList<>();
            for (int i = 0; i < 21; i++) {
                long start = System.nanoTime();
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + page.getValue()))
                        .header("X-Api-Key", ADMIN_KEY).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    throw new AssertionError(page.getKey() + ": " + r.statusCode() + " " + r.body());
                }
                if (i > 0) { // the first is a warm-up
                    ms.add((System.nanoTime() - start) / 1e6);
                }
            }
            medians.put(page.getKey() + "MedianMs", ms.stream().sorted().toList().get(ms.size() / 2));
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("events", EVENTS);
        result.put("deadLetters", EVENTS / 3);
        result.putAll(medians);
        Files.createDirectories(Path.of("target/benchmarks"));
        Files.writeString(Path.of("target/benchmarks/console-queries.json"), new ObjectMapper().writerWithDefaultPrettyPrinter()
                .writeValueAsString(result));
        System.out.println("BENCHMARK " + result);
    }

    /** Events of tenant globex, each with a HubSpot delivery: two thirds delivered, one third dead letters. */
    private void seed(String prefix) {
        Timestamp now = Timestamp.from(Instant.now());
        List<Object[]> requests = new ArrayList<>();
        List<Object[]> events = new ArrayList<>();
        List<Object[]> outbox = new ArrayList<>();
        List<Object[]> phones = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            String request = UUID.randomUUID().toString();
            String event = UUID.randomUUID().toString();
            String callId = prefix + "-" + i;
            String phone = i % 1000 == 7 ? "+14155557777" : "+1415555" + String.format("%04d", i % 10_000);
            String outcome = i % 2 == 0 ? "BUSY" : "NO_ANSWER";
            requests.add(new Object[] {request, "globex", "generic", "k-" + callId, "application/json", "{\"callId\":\"" + callId + "\"}", now});
            events.add(new Object[] {event, request, "globex", "generic", callId, now, "COMPLETED", outcome,
                "{\"tenant\":\"globex\",\"dialer\":\"generic\",\"callId\":\"" + callId + "\",\"toNumber\":\"" + phone + "\",\"outcome\":\""
                        + outcome + "\"}", now});
            phones.add(new Object[] {event, phone});
            boolean dead = i % 3 == 0;
            outbox.add(new Object[] {event, "globex", "hubspot", dead ? "FAILED" : "DELIVERED", 1, now, now, now, "globex/generic/" + callId,
                dead ? "PERMANENT" : null, dead ? now : null, dead ? "PERMANENT" : "DONE", dead ? "VALIDATION_ERROR: Property values were not valid" : null});
        }
        jdbc.batchUpdate("insert into webhook_request (id, tenant, dialer, idempotency_key, content_type, body, received_at) "
                + "values (?, ?, ?, ?, ?, ?, ?)", requests);
        jdbc.batchUpdate("insert into call_event (id, request_id, tenant, dialer, call_id, occurred_at, call_state, outcome, canonical, "
                + "received_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", events);
        jdbc.batchUpdate("insert into call_phone (event_id, phone) values (?, ?)", phones);
        jdbc.batchUpdate("insert into outbox (event_id, tenant, crm, status, attempts, next_attempt_at, created_at, updated_at, call_key, "
                + "dead_reason, dead_at, last_result, last_detail) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", outbox);
    }
}
