package dev.dispositions.gateway.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispositions.gateway.GatewayIntegrationTest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Slow clients cannot hold the gateway: 300 connections each sending a webhook's body a byte at a time, and a
 * normal signed webhook is still answered, quickly. A body that never completes is answered 408, a problem body.
 */
class SlowClientsTest extends GatewayIntegrationTest {
    private static final int SLOW = 300;

    @Test
    void threeHundredSlowBodiesDoNotKeepANormalWebhookWaiting() throws Exception {
        List<Socket> slow = new ArrayList<>();
        ScheduledExecutorService drip = Executors.newSingleThreadScheduledExecutor();
        try {
            for (int i = 0; i < SLOW; i++) {
                Socket s = new Socket("localhost", port);
                s.getOutputStream().write(("POST /webhooks/generic HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 100000\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
                slow.add(s);
            }
            drip.scheduleAtFixedRate(() -> slow.forEach(s -> {
                try {
                    OutputStream out = s.getOutputStream();
                    out.write(' ');
                    out.flush();
                } catch (IOException gone) {
                    // answered (408) and closed: fine
                }
            }), 100, 200, TimeUnit.MILLISECONDS);
            Thread.sleep(1500); // let every slow connection be accepted and mid-body before the real request

            List<Long> millis = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                String callId = "amid-slow-" + newCallId();
                long started = System.nanoTime();
                // Bounded, so that a gateway held by the slow clients fails this test instead of hanging it.
                Reply r = java.util.concurrent.CompletableFuture.supplyAsync(() -> postGeneric("/webhooks/generic", DEMO_GENERIC_SECRET,
                        "msg_" + callId, "{\"type\":\"call.ended\",\"callId\":\"" + callId + "\",\"outcome\":\"BUSY\"}"))
                        .get(10, TimeUnit.SECONDS);
                millis.add(Duration.ofNanos(System.nanoTime() - started).toMillis());
                assertThat(r.status()).as(r.raw()).isEqualTo(202);
            }
            System.out.println("SLOW CLIENTS: " + SLOW + " slow bodies open; normal webhooks answered in " + millis + " ms");
            assertThat(millis).allSatisfy(ms -> assertThat(ms).isLessThan(1000));
        } finally {
            drip.shutdownNow();
            for (Socket s : slow) {
                s.close();
            }
        }
    }

    @Test
    void aBodyDeclaredOverTheLimitIsRefusedAtOnceAndNeverDrained() throws Exception {
        try (Socket s = new Socket("localhost", port)) {
            s.setSoTimeout(10_000);
            long started = System.nanoTime();
            s.getOutputStream().write(("POST /webhooks/generic HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 10000000\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8); // until the server closes
            assertThat(answer).startsWith("HTTP/1.1 413").contains("\"reason\":\"body_too_large\"");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("answered and closed, not drained").isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void aRefusedWebhooksBodyIsThrownAwayWithoutAThreadAndItsClientHearsWhy() throws Exception {
        try (Socket s = new Socket("localhost", port)) {
            s.setSoTimeout(20_000);
            s.getOutputStream().write(("POST /webhooks/no-such-dialer HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Connection: close\r\nContent-Length: 200000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().write(new byte[200_000]);
            s.getOutputStream().flush();
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 404").contains("\"reason\":\"unknown_dialer\"");
        }
        // The same refused body dripped, never completed: 408 after the read timeout, with no thread waiting for it.
        try (Socket s = new Socket("localhost", port)) {
            s.setSoTimeout(30_000);
            s.getOutputStream().write(("POST /webhooks/no-such-dialer HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 200000\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            assertThat(new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).startsWith("HTTP/1.1 408");
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"/webhooks/generic", "/api/preview/default/generic"})
    void aBodyThatNeverCompletesIsA408ProblemBody(String path) throws Exception {
        try (Socket s = new Socket("localhost", port)) {
            s.setSoTimeout(30_000);
            s.getOutputStream().write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "X-Api-Key: " + ADMIN_KEY + "\r\nContent-Length: 50\r\n\r\n{\"type\":").getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 408").contains("application/problem+json").contains("\"reason\":\"request_timeout\"");
        }
    }
}
