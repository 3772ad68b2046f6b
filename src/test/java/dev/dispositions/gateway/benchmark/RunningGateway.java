package dev.dispositions.gateway.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.dispositions.gateway.DemoGateway;
import dev.dispositions.gateway.GatewayIntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged gateway as the benchmark drives it: started as its own process on the demo's tenants with the CRMs at
 * this run's stand-ins, and read only through its HTTP API and its Prometheus page, as an operator would.
 */
final class RunningGateway implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LATENCY_BUCKET = Pattern.compile(
            "gateway_delivery_latency_seconds_bucket\\{([^}]*)\\} ([0-9.eE+]+)");

    /** The JVM's options: the heap the README recommends for one instance. */
    static final String JVM = System.getProperty("bench.jvm", "-Xmx256m -XX:+UseSerialGC -Xss512k -XX:ReservedCodeCacheSize=64m -XX:+ExitOnOutOfMemoryError");

    /** Whether the gateway starts as the Dockerfile starts it, with a class-data-sharing archive ({@link ClassDataSharing}). */
    static final boolean CDS = Boolean.parseBoolean(System.getProperty("bench.cds", "true"));

    final Process process;
    final int port;
    /** From the JVM's start to readiness UP. */
    Duration ready;
    private final int management;
    private final HttpClient http = HttpClient.newHttpClient();

    private RunningGateway(Process process, int port, int management) {
        this.process = process;
        this.port = port;
        this.management = management;
    }

    static RunningGateway start(Path jar, Path dir, Map<String, WireMockServer> crms, List<String> extraArgs) throws Exception {
        int port = Processes.freePort();
        int management = Processes.freePort();
        Files.copy(Path.of("src/test/resources/application-demo.yaml"), dir.resolve("application-demo.yaml"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> jvm = List.of(JVM.trim().split("\\s+"));
        List<String> command = new ArrayList<>(List.of(java.toString()));
        command.addAll(jvm);
        command.addAll(CDS ? ClassDataSharing.launch(jar, java, jvm) : List.of("-jar", jar.toString()));
        command.addAll(List.of("--spring.config.additional-location=file:" + dir.toAbsolutePath() + "/", "--server.port=" + port,
                "--management.server.port=" + management,
                // as in production: one line a batch (the demo profile logs every delivery)
                "--logging.level.dev.dispositions.gateway.dispatch.Dispatcher=INFO"));
        command.addAll(List.of(DemoGateway.crmUrls(crms.get("salesforce").baseUrl(), crms.get("hubspot").baseUrl(),
                crms.get("bullhorn").baseUrl())));
        command.addAll(extraArgs);
        Instant launched = Instant.now();
        ProcessBuilder builder = new ProcessBuilder(command);
        // As the Dockerfile sets it: glibc's per-thread malloc arenas would otherwise add tens of MB of RSS.
        builder.environment().put("MALLOC_ARENA_MAX", "2");
        Process p = builder.redirectErrorStream(true).redirectOutput(dir.resolve("gateway.log").toFile()).start();
        RunningGateway gateway = new RunningGateway(p, port, management);
        Processes.awaitPort(management, Duration.ofSeconds(120), p);
        // Tomcat listens some seconds before the pipeline runs (webhooks meanwhile are 503 not_ready): wait for readiness.
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (gateway.get(management, "/actuator/health/readiness").statusCode() != 200) {
            if (Instant.now().isAfter(deadline) || !p.isAlive()) {
                throw new IllegalStateException("the gateway did not become ready; see " + dir.resolve("gateway.log"));
            }
            Thread.sleep(50);
        }
        gateway.ready = Duration.between(launched, Instant.now());
        return gateway;
    }

    /** Pauses (true) or resumes every connector of the tenant, so that a backlog builds up and is then drained. */
    void holdDeliveries(String tenant, boolean hold) throws Exception {
        for (JsonNode c : connectors()) {
            if (tenant.equals(c.path("tenant").asText())) {
                String uri = "http://127.0.0.1:" + port + "/api/connectors/" + tenant + "/" + c.path("crm").asText() + (hold ? "/pause" : "/resume");
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(uri)).header("X-Api-Key", GatewayIntegrationTest.ADMIN_KEY)
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"benchmark backlog\"}"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    throw new IllegalStateException(uri + " answered " + r.statusCode() + ": " + r.body());
                }
            }
        }
    }

    /** When every delivery of the tenant is settled: nothing pending, retrying, in flight or parked. */
    Instant awaitDrained(String tenant, Duration atMost) throws Exception {
        return awaitDrainedByCrm(tenant, atMost).values().stream().max(Instant::compareTo).orElse(Instant.now());
    }

    /** When each of the tenant's CRMs had nothing left pending, retrying, in flight or parked (the first time seen). */
    Map<String, Instant> awaitDrainedByCrm(String tenant, Duration atMost) throws Exception {
        Instant deadline = Instant.now().plus(atMost);
        Map<String, Instant> drained = new TreeMap<>();
        while (Instant.now().isBefore(deadline)) {
            boolean all = true;
            for (JsonNode c : connectors()) {
                if (!tenant.equals(c.path("tenant").asText())) {
                    continue;
                }
                long waiting = 0;
                for (String status : List.of("PENDING", "RETRYING", "IN_FLIGHT", "PROBE", "PARKED")) {
                    waiting += c.path("deliveries").path(status).asLong(0);
                }
                if (waiting == 0) {
                    drained.putIfAbsent(c.path("crm").asText(), Instant.now());
                } else {
                    drained.remove(c.path("crm").asText());
                    all = false;
                }
            }
            if (all) {
                return drained;
            }
            // As a console open on the overview would: each look counts every row of the outbox, which costs the gateway CPU.
            Thread.sleep(500);
        }
        throw new IllegalStateException("not drained within " + atMost);
    }

    /** The tenant's {@code gateway_delivery_latency_seconds} buckets by CRM: upper bound (seconds) to cumulative count. */
    Map<String, TreeMap<Double, Double>> latencyBuckets(String tenant) throws Exception {
        Map<String, TreeMap<Double, Double>> byCrm = new TreeMap<>();
        Matcher m = LATENCY_BUCKET.matcher(get(management, "/actuator/prometheus").body());
        while (m.find()) {
            Map<String, String> labels = labels(m.group(1));
            if (tenant.equals(labels.get("tenant"))) {
                double le = "+Inf".equals(labels.get("le")) ? Double.POSITIVE_INFINITY : Double.parseDouble(labels.get("le"));
                byCrm.computeIfAbsent(labels.get("crm"), k -> new TreeMap<>()).put(le, Double.parseDouble(m.group(2)));
            }
        }
        return byCrm;
    }

    /** The smallest bucket bound under which the share {@code p} of what was recorded between two readings falls. */
    static double percentileSeconds(TreeMap<Double, Double> before, TreeMap<Double, Double> after, double p) {
        double total = after.lastEntry().getValue() - (before == null ? 0 : before.lastEntry().getValue());
        for (Map.Entry<Double, Double> e : after.entrySet()) {
            double count = e.getValue() - (before == null ? 0 : before.getOrDefault(e.getKey(), 0.0));
            if (count >= p * total) {
                return e.getKey();
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    private static Map<String, String> labels(String text) {
        Map<String, String> labels = new TreeMap<>();
        for (String pair : text.split(",")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                labels.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim().replace("\"", ""));
            }
        }
        return labels;
    }

    private JsonNode connectors() throws Exception {
        return JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/connectors"))
                .header("X-Api-Key", GatewayIntegrationTest.ADMIN_KEY).build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    private HttpResponse<String> get(int onPort, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + onPort + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }
}
