package dev.dispositions.gateway.benchmark;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.dispositions.gateway.GatewayIntegrationTest;
import dev.dispositions.gateway.dialer.StandardWebhooks;
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
 * bytes on disk per event, and the p99 from 202 to the CRM's answer; medians of {@code -Dbench.runs} (3). Run:
 * {@code mvn -B test -Dbenchmarks.excluded= -Dgroups=benchmark -Dtest=HttpLoadBenchmark [-Dbench.tenant=globex]
 * [-Dbench.events=20000] [-Dbench.mode=burst|backlog|steady] [-Dbench.rate=100] [-Dbench.postgres=jdbc:postgresql://…]};
 * results in target/benchmarks/http-load.json and .md.
 */
@Tag("benchmark")
class HttpLoadBenchmark {
    /** burst: as fast as 32 connections go, delivering meanwhile; backlog: deliveries held until all are accepted; steady: a fixed rate; soak: a fixed rate for bench.soak-minutes under a short retention. */
    private static final String MODE = System.getProperty("bench.mode", "burst");
    private static final double RATE = Double.parseDouble(System.getProperty("bench.rate", "100"));
    private static final int SOAK_MINUTES = Integer.getInteger("bench.soak-minutes", 10);
    private static final int EVENTS = Integer.getInteger("bench.events", switch (MODE) {
        case "steady" -> 6_000;
        case "soak" -> (int) (RATE * 60 * SOAK_MINUTES);
        default -> 20_000;
    });
    /** In soak mode, data is kept this long, so the database should stop growing within a few minutes. */
    private static final List<String> SOAK_RETENTION = List.of("--gateway.retention.delivered=2m", "--gateway.retention.dead-letters=2m",
            "--gateway.retention.every=15s");
    private static final int SAMPLE_EVERY_SECONDS = 30;
    private static final int WARM_UP = Integer.getInteger("bench.warmup", 2_000);
    private static final int RUNS = Integer.getInteger("bench.runs", 3);
    private static final int CONCURRENCY = Integer.getInteger("bench.concurrency", 32);
    private static final String TENANT = System.getProperty("bench.tenant", "default");
    /** Seven outcomes in turn: a seventh are callbacks, which add a follow-up Task where the CRM file says so. */
    private static final List<String> OUTCOMES = List.of("NO_ANSWER", "LEFT_VOICEMAIL", "CONNECTED", "BUSY", "MEETING_BOOKED",
            "NOT_INTERESTED", "CALLBACK_REQUESTED");
    private static final ObjectMapper JSON = new ObjectMapper();

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
        report.put("mode", MODE + ("steady".equals(MODE) || "soak".equals(MODE) ? " at " + RATE + " calls/s" : "")
                + ("soak".equals(MODE) ? " for " + SOAK_MINUTES + " minutes, retention 2 minutes" : ""));
        report.put("jvm", RunningGateway.JVM);
        report.put("database", BenchDatabase.describe());
        report.put("runs", runs);
        Map<String, Object> medians = new LinkedHashMap<>();
        for (String key : List.of("ceilingPerSecond", "acceptedPerSecond", "ratioToCeiling", "acceptP50Ms", "acceptP99Ms",
                "deliveredPerSecond", "crmRequestsPer1000Events", "salesforceRequestsPer1000Events",
                "hubspotRequestsPer1000Events", "bullhornRequestsPer1000Events", "deliveryP99Seconds", "cpuMsPerEvent", "peakRssMb", "diskBytesPerEvent",
                "drainSeconds", "readySeconds", "postgresCpuMsPerEvent", "soakLastHalfGrowthMbPerMinute", "salesforceCallsPerSecond",
                "hubspotCallsPerSecond", "bullhornCallsPerSecond", "salesforceDrainSeconds", "hubspotDrainSeconds", "bullhornDrainSeconds")) {
            if (runs.get(0).containsKey(key)) {
                medians.put(key, median(runs.stream().map(r -> ((Number) r.get(key)).doubleValue()).toList()));
            }
        }
        report.put("medians", medians);
        Path out = Path.of("target/benchmarks");
        Files.createDirectories(out);
        Files.writeString(out.resolve("http-load.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report));
        Files.writeString(out.resolve("http-load.md"), BenchReport.markdown(report, runs, medians));
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
        BenchDatabase db = BenchDatabase.forRun(dir);
        List<String> args = new ArrayList<>(db.gatewayArgs());
        if (MODE.equals("soak")) {
            args.addAll(SOAK_RETENTION);
        }
        try (RunningGateway gateway = RunningGateway.start(jar, dir, crms, args)) {
            int ceilingPort = Processes.freePort();
            ceiling = Processes.ceiling(ceilingPort, dir);

            // Warm-up (class loading, JIT, pools), then the stand-ins forget it and the clock starts.
            KeepAliveDriver.run("127.0.0.1", gateway.port, signed(WARM_UP, "warm" + run), CONCURRENCY);
            gateway.awaitDrained(TENANT, Duration.ofMinutes(10));
            crms.values().forEach(WireMockServer::resetRequests);
            long dbBefore = db.bytes();
            var latencyBefore = gateway.latencyBuckets(TENANT);

            List<byte[]> load = signed(EVENTS, "run" + run);
            KeepAliveDriver.Result ceilingResult = KeepAliveDriver.run("127.0.0.1", ceilingPort, load, CONCURRENCY);
            double cpuBefore = Processes.cpuMillis(gateway.process.pid());
            double postgresCpuBefore = Processes.cpuMillisOfAll("postgres");
            if (MODE.equals("backlog")) {
                gateway.holdDeliveries(TENANT, true);
            }
            DiskSampler disk = new DiskSampler(db, SAMPLE_EVERY_SECONDS);
            KeepAliveDriver.Result result = MODE.equals("soak") ? soak(gateway, run)
                    : KeepAliveDriver.run("127.0.0.1", gateway.port, load, CONCURRENCY, MODE.equals("steady") ? RATE : 0);
            Instant start = Instant.now();
            if (MODE.equals("backlog")) {
                gateway.holdDeliveries(TENANT, false);
            } else {
                start = start.minusNanos(result.elapsedNanos());
            }
            Map<String, Instant> drainedByCrm = gateway.awaitDrainedByCrm(TENANT, Duration.ofMinutes(30));
            Instant drained = drainedByCrm.values().stream().max(Instant::compareTo).orElseThrow();
            double cpu = Processes.cpuMillis(gateway.process.pid()) - cpuBefore;
            double postgresCpu = Processes.cpuMillisOfAll("postgres") - postgresCpuBefore;
            disk.close();

            Map<String, Integer> requests = new TreeMap<>();
            Map<String, Integer> byCrm = new TreeMap<>();
            crms.forEach((crm, server) -> server.getAllServeEvents().forEach(e -> {
                requests.merge(crm + " " + e.getRequest().getMethod() + " " + shape(e.getRequest().getUrl()), 1, Integer::sum);
                byCrm.merge(crm, 1, Integer::sum);
            }));
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
            for (String crm : crms.keySet()) {
                r.put(crm + "RequestsPer1000Events", round(byCrm.getOrDefault(crm, 0) * 1000.0 / EVENTS));
            }
            var latencyAfter = gateway.latencyBuckets(TENANT);
            double worstP99 = 0;
            for (var e : latencyAfter.entrySet()) {
                double p99 = RunningGateway.percentileSeconds(latencyBefore.get(e.getKey()), e.getValue(), 0.99);
                r.put(e.getKey() + "DeliveryP99Seconds", p99);
                worstP99 = Math.max(worstP99, p99);
            }
            r.put("deliveryP99Seconds", worstP99);
            Map<String, Double> per1000 = new TreeMap<>();
            requests.forEach((k, v) -> per1000.put(k, round(v * 1000.0 / EVENTS)));
            r.put("requestsPer1000EventsByCall", per1000);
            r.put("cpuMsPerEvent", round(cpu / EVENTS));
            r.put("peakRssMb", round(Processes.peakRssMb(gateway.process.pid())));
            r.put("diskBytesPerEvent", round((db.bytes() - dbBefore) / (double) EVENTS));
            r.put("drainSeconds", round(Duration.between(start, drained).toMillis() / 1000.0));
            for (var e : drainedByCrm.entrySet()) {
                // calls a second into each CRM: the backlog's calls over the time it took that CRM's rows to settle
                r.put(e.getKey() + "CallsPerSecond", round(result.accepted() / Math.max(0.001, Duration.between(start, e.getValue()).toMillis() / 1000.0)));
                r.put(e.getKey() + "DrainSeconds", round(Duration.between(start, e.getValue()).toMillis() / 1000.0));
            }
            r.put("readySeconds", round(gateway.ready.toMillis() / 1000.0));
            if (!BenchDatabase.describe().startsWith("H2")) {
                r.put("postgresCpuMsPerEvent", round(postgresCpu / EVENTS));
            }
            if (MODE.equals("soak")) {
                r.put("soakDbMbEvery30s", disk.samples());
                r.put("soakLastHalfGrowthMbPerMinute", DiskSampler.lastHalfGrowthPerMinute(disk.samples(), SAMPLE_EVERY_SECONDS));
            }
            System.out.println("HTTP LOAD RUN " + r);
            return r;
        } finally {
            db.discard();
            if (ceiling != null) {
                ceiling.destroy();
            }
            crms.values().forEach(WireMockServer::stop);
        }
    }

    /** A soak's minutes at the rate, signed a minute at a time just before they are sent (a signature is valid for five). */
    private KeepAliveDriver.Result soak(RunningGateway gateway, int run) throws Exception {
        KeepAliveDriver.Result all = null;
        for (int minute = 0; minute < SOAK_MINUTES; minute++) {
            KeepAliveDriver.Result part = KeepAliveDriver.run("127.0.0.1", gateway.port, signed((int) (RATE * 60), "soak" + run + "m" + minute),
                    CONCURRENCY, RATE);
            all = all == null ? part : all.then(part);
        }
        return all;
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
}
