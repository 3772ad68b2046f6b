package dev.dispositions.gateway.benchmark;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.dispositions.gateway.DemoGateway;
import dev.dispositions.gateway.GatewayIntegrationTest;
import dev.dispositions.gateway.dialer.StandardWebhooks;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The HTTP load benchmark: a measurement, not a check. Starts the packaged jar (build it first:
 * {@code mvn -B -DskipTests package}) on the embedded database with WireMock stand-ins for the CRMs, and in the same
 * run a bare HTTP server that reads the body and answers 202 (the machine's ceiling for this driver). A keep-alive
 * driver sends webhooks signed in advance, each a new call, at {@code -Dbench.concurrency} (32); then the gateway
 * drains what it accepted. Reports accepted/s and its ratio to the ceiling, p50/p99, delivered/s, every request each
 * stand-in received per 1,000 events, CPU ms per event (the gateway's utime+stime over ingest and drain), peak RSS and
 * bytes on disk per event; medians of {@code -Dbench.runs} (3). Run:
 * {@code mvn -B test -Dbenchmarks.excluded= -Dgroups=benchmark -Dtest=HttpLoadBenchmark [-Dbench.tenant=globex]
 * [-Dbench.events=20000]}; results in target/benchmarks/http-load.json and .md.
 */
@Tag("benchmark")
class HttpLoadBenchmark {
    private static final int EVENTS = Integer.getInteger("bench.events", 20_000);
    private static final int WARM_UP = Integer.getInteger("bench.warmup", 2_000);
    private static final int RUNS = Integer.getInteger("bench.runs", 3);
    private static final int CONCURRENCY = Integer.getInteger("bench.concurrency", 32);
    private static final String TENANT = System.getProperty("bench.tenant", "default");
    /** Seven outcomes in turn: a seventh are callbacks, which add a follow-up Task where the CRM file says so. */
    private static final List<String> OUTCOMES = List.of("NO_ANSWER", "LEFT_VOICEMAIL", "CONNECTED", "BUSY", "MEETING_BOOKED",
            "NOT_INTERESTED", "CALLBACK_REQUESTED");
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void acceptedAndDeliveredOverHttpAgainstTheMachinesCeiling() throws Exception {
        Path jar = packagedJar();
        List<Map<String, Object>> runs = new ArrayList<>();
        for (int run = 1; run <= RUNS; run++) {
            runs.add(oneRun(jar, run));
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("tenant", TENANT);
        report.put("events", EVENTS);
        report.put("concurrency", CONCURRENCY);
        report.put("database", "H2 (embedded default, WRITE_DELAY=0)");
        report.put("runs", runs);
        Map<String, Object> medians = new LinkedHashMap<>();
        for (String key : List.of("ceilingPerSecond", "acceptedPerSecond", "ratioToCeiling", "acceptP50Ms", "acceptP99Ms",
                "deliveredPerSecond", "crmRequestsPer1000Events", "cpuMsPerEvent", "peakRssMb", "diskBytesPerEvent")) {
            medians.put(key, median(runs.stream().map(r -> ((Number) r.get(key)).doubleValue()).toList()));
        }
        report.put("medians", medians);
        Path out = Path.of("target/benchmarks");
        Files.createDirectories(out);
        Files.writeString(out.resolve("http-load.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report));
        Files.writeString(out.resolve("http-load.md"), markdown(report, runs, medians));
        System.out.println("HTTP LOAD BENCHMARK\n" + Files.readString(out.resolve("http-load.md")));
    }

    private Map<String, Object> oneRun(Path jar, int run) throws Exception {
        Path dir = Path.of("target/benchmarks/http-load-run-" + run + "-" + UUID.randomUUID().toString().substring(0, 6));
        Files.createDirectories(dir);
        Map<String, WireMockServer> crms = new TreeMap<>();
        for (String crm : List.of("salesforce", "hubspot", "bullhorn")) {
            WireMockServer s = new WireMockServer(options().dynamicPort().usingFilesUnderClasspath("wiremock/" + crm));
            s.start();
            crms.put(crm, s);
        }
        Process ceiling = null;
        Process gateway = null;
        try {
            int ceilingPort = Processes.freePort();
            ceiling = Processes.ceiling(ceilingPort, dir);
            int port = Processes.freePort();
            int management = Processes.freePort();
            gateway = startGateway(jar, dir, port, management, crms);

            // Warm-up (class loading, JIT, pools), then the stand-ins forget it and the clock starts.
            KeepAliveDriver.run("127.0.0.1", port, signed(WARM_UP, "warm" + run), CONCURRENCY);
            awaitDrained(port, Duration.ofMinutes(10));
            crms.values().forEach(WireMockServer::resetRequests);
            long dbBefore = Processes.bytesUnder(dir.resolve("db"));

            List<byte[]> load = signed(EVENTS, "run" + run);
            KeepAliveDriver.Result ceilingResult = KeepAliveDriver.run("127.0.0.1", ceilingPort, load, CONCURRENCY);
            double cpuBefore = Processes.cpuMillis(gateway.pid());
            Instant start = Instant.now();
            KeepAliveDriver.Result result = KeepAliveDriver.run("127.0.0.1", port, load, CONCURRENCY);
            Instant drained = awaitDrained(port, Duration.ofMinutes(30));
            double cpu = Processes.cpuMillis(gateway.pid()) - cpuBefore;

            Map<String, Integer> requests = new TreeMap<>();
            crms.forEach((crm, server) -> server.getAllServeEvents().forEach(e ->
                    requests.merge(crm + " " + e.getRequest().getMethod() + " " + shape(e.getRequest().getUrl()), 1, Integer::sum)));
            int totalRequests = requests.values().stream().mapToInt(Integer::intValue).sum();
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("run", run);
            r.put("ceilingPerSecond", round(ceilingResult.perSecond()));
            r.put("acceptedPerSecond", round(result.accepted() / (result.elapsedNanos() / 1e9)));
            r.put("ratioToCeiling", Math.round(result.accepted() / (result.elapsedNanos() / 1e9) / ceilingResult.perSecond() * 1000) / 1000.0);
            r.put("acceptP50Ms", round(result.percentileMillis(50)));
            r.put("acceptP99Ms", round(result.percentileMillis(99)));
            r.put("ceilingP99Ms", round(ceilingResult.percentileMillis(99)));
            r.put("byStatus", result.byStatus());
            r.put("deliveredPerSecond", round(result.accepted() / (Duration.between(start, drained).toMillis() / 1000.0)));
            r.put("crmRequestsPer1000Events", round(totalRequests * 1000.0 / EVENTS));
            Map<String, Double> per1000 = new TreeMap<>();
            requests.forEach((k, v) -> per1000.put(k, round(v * 1000.0 / EVENTS)));
            r.put("requestsPer1000EventsByCall", per1000);
            r.put("cpuMsPerEvent", round(cpu / EVENTS));
            r.put("peakRssMb", round(Processes.peakRssMb(gateway.pid())));
            r.put("diskBytesPerEvent", round((Processes.bytesUnder(dir.resolve("db")) - dbBefore) / (double) EVENTS));
            System.out.println("HTTP LOAD RUN " + r);
            return r;
        } finally {
            if (gateway != null) {
                gateway.destroy();
                gateway.waitFor();
            }
            if (ceiling != null) {
                ceiling.destroy();
            }
            crms.values().forEach(WireMockServer::stop);
        }
    }

    private Process startGateway(Path jar, Path dir, int port, int management, Map<String, WireMockServer> crms) throws Exception {
        // The demo's tenants (default: Salesforce; globex: all three), their CRMs at this run's stand-ins.
        Files.copy(Path.of("src/test/resources/application-demo.yaml"), dir.resolve("application-demo.yaml"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                jar.toString(), "--spring.config.additional-location=file:" + dir.toAbsolutePath() + "/", "--server.port=" + port,
                "--management.server.port=" + management, "--spring.datasource.url=jdbc:h2:file:" + dir.toAbsolutePath()
                        + "/db/gateway;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0"));
        command.addAll(List.of(DemoGateway.crmUrls(crms.get("salesforce").baseUrl(), crms.get("hubspot").baseUrl(),
                crms.get("bullhorn").baseUrl())));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("gateway.log").toFile()).start();
        Processes.awaitPort(management, Duration.ofSeconds(120), p);
        // Tomcat listens some seconds before the pipeline runs (webhooks meanwhile are 503 not_ready): wait for readiness.
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + management + "/actuator/health/readiness")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
            if (Instant.now().isAfter(deadline) || !p.isAlive()) {
                throw new IllegalStateException("the gateway did not become ready; see " + dir.resolve("gateway.log"));
            }
            Thread.sleep(200);
        }
        return p;
    }

    private List<byte[]> signed(int count, String prefix) {
        String secret = "globex".equals(TENANT) ? GatewayIntegrationTest.GLOBEX_SECRET : GatewayIntegrationTest.DEMO_GENERIC_SECRET;
        String ids = "globex".equals(TENANT)
                ? "{\"salesforce\":\"003000000000101AAA\",\"hubspot\":\"101\",\"bullhorn\":\"5059165\"}" : "{\"salesforce\":\"003000000000101AAA\"}";
        String now = Instant.now().toString();
        String ts = String.valueOf(Instant.now().getEpochSecond());
        List<byte[]> requests = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String id = "msg_" + prefix + "_" + i;
            byte[] body = ("{\"type\":\"call.ended\",\"callId\":\"" + prefix + "-" + i + "\",\"occurredAt\":\"" + now + "\",\"outcome\":\""
                    + OUTCOMES.get(i % OUTCOMES.size()) + "\",\"direction\":\"OUTBOUND\",\"durationSeconds\":42,"
                    + "\"callbackAt\":\"2026-12-24T10:00:00Z\",\"prospect\":{\"crmIds\":" + ids + "}}").getBytes(StandardCharsets.UTF_8);
            String signature = "v1," + Base64.getEncoder().encodeToString(StandardWebhooks.sign(secret, id, ts, body));
            requests.add(KeepAliveDriver.post("/webhooks/" + TENANT + "/generic", Map.of("Content-Type", "application/json",
                    StandardWebhooks.ID, id, StandardWebhooks.TIMESTAMP, ts, StandardWebhooks.SIGNATURE, signature), body));
        }
        return requests;
    }

    /** When every delivery of the tenant is settled: nothing pending, retrying, in flight or parked. */
    private Instant awaitDrained(int port, Duration atMost) throws Exception {
        Instant deadline = Instant.now().plus(atMost);
        while (Instant.now().isBefore(deadline)) {
            JsonNode connectors = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/connectors"))
                    .header("X-Api-Key", GatewayIntegrationTest.ADMIN_KEY).build(), HttpResponse.BodyHandlers.ofString()).body());
            long waiting = 0;
            for (JsonNode c : connectors) {
                if (TENANT.equals(c.path("tenant").asText())) {
                    for (String status : List.of("PENDING", "RETRYING", "IN_FLIGHT", "PROBE", "PARKED")) {
                        waiting += c.path("deliveries").path(status).asLong(0);
                    }
                }
            }
            if (waiting == 0) {
                return Instant.now();
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("not drained within " + atMost);
    }

    /** A stand-in request's path with its ids folded, so that calls of one kind count together. */
    static String shape(String url) {
        String path = url.split("\\?")[0];
        return path.replaceAll("/[0-9]{3,}", "/{id}").replaceAll("/(00[0-9A-Za-z]{13}|00[0-9A-Za-z]{16})(?=/|$)", "/{id}")
                .replaceAll("Dialer_Call_Id__c/[^/]+", "Dialer_Call_Id__c/{key}");
    }

    private static Path packagedJar() throws Exception {
        try (var files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().matches("call-disposition-gateway-.*\\.jar")
                            && !p.getFileName().toString().endsWith("-plain.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no packaged jar: run mvn -B -DskipTests package first"));
        }
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String markdown(Map<String, Object> report, List<Map<String, Object>> runs, Map<String, Object> medians) {
        StringBuilder md = new StringBuilder("| run | ceiling/s | accepted/s | ratio | p50 ms | p99 ms | delivered/s | CRM requests per 1,000 | CPU ms/event"
                + " | peak RSS MB | disk bytes/event |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Map<String, Object> r : runs) {
            md.append(row(String.valueOf(r.get("run")), r));
        }
        md.append(row("median", medians));
        md.append("\nTenant ").append(report.get("tenant")).append(", ").append(report.get("events")).append(" events a run, concurrency ")
                .append(report.get("concurrency")).append(", ").append(report.get("database")).append(".\n\nRequests per 1,000 events (run 1):\n\n");
        ((Map<?, ?>) runs.get(0).get("requestsPer1000EventsByCall")).forEach((k, v) -> md.append("- ").append(k).append(": ").append(v).append('\n'));
        return md.toString();
    }

    private static String row(String name, Map<String, Object> r) {
        return "| " + name + " | " + r.get("ceilingPerSecond") + " | " + r.get("acceptedPerSecond") + " | " + r.get("ratioToCeiling") + " | "
                + r.get("acceptP50Ms") + " | " + r.get("acceptP99Ms") + " | " + r.get("deliveredPerSecond") + " | "
                + r.get("crmRequestsPer1000Events") + " | " + r.get("cpuMsPerEvent") + " | " + r.get("peakRssMb") + " | "
                + r.get("diskBytesPerEvent") + " |\n";
    }
}
