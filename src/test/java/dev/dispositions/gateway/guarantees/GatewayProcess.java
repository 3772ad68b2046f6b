package dev.dispositions.gateway.guarantees;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dispositions.gateway.GatewayApplication;
import dev.dispositions.gateway.GatewayIntegrationTest;
import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The gateway as a separate operating-system process (the tests' class path, the demo profile), so a test can kill
 * it with SIGKILL the way a node dies, and start it again on the same database.
 */
final class GatewayProcess implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Process process;
    final int port;
    final int managementPort;

    private GatewayProcess(Process process, int port, int managementPort) {
        this.process = process;
        this.port = port;
        this.managementPort = managementPort;
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Starts the gateway and waits until it answers its readiness probe. */
    static GatewayProcess start(int port, Path log, List<String> args) throws Exception {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:TieredStopAtLevel=1", "-cp", classPath, GatewayApplication.class.getName(), "--server.port=" + port));
        int managementPort = freePort();
        command.add("--management.server.port=" + managementPort);
        command.addAll(args);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        GatewayProcess gateway = new GatewayProcess(p, port, managementPort);
        gateway.awaitReady(Duration.ofSeconds(90));
        return gateway;
    }

    String baseUrl() {
        return "http://localhost:" + port;
    }

    private void awaitReady(Duration atMost) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(atMost);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the gateway process exited with " + process.exitValue() + "; see its log");
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + managementPort + "/actuator/health/readiness")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the gateway process was not ready within " + atMost);
    }

    /** The admin API's view of one tenant's connectors. */
    JsonNode connectors() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl() + "/api/connectors"))
                .header("X-Api-Key", GatewayIntegrationTest.ADMIN_KEY).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    /** SIGKILL: no shutdown hook, no graceful stop, nothing flushed. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                kill();
            }
        }
    }

    static File logFile(String name) {
        File dir = new File("target/gateway-processes");
        dir.mkdirs();
        return new File(dir, name + ".log");
    }
}
