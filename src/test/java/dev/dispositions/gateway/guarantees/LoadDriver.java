package dev.dispositions.gateway.guarantees;

import dev.dispositions.gateway.GatewayIntegrationTest;
import dev.dispositions.gateway.dialer.StandardWebhooks;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Sends finished calls to tenant globex (Salesforce, HubSpot and Bullhorn connected) as signed generic webhooks,
 * several at a time, and remembers which the gateway acknowledged (2xx): those are the ones it promised to deliver.
 */
final class LoadDriver {
    /** How many events each scenario sends; {@code -Dfaults.events=5000} for a heavier run. */
    static final int EVENTS = Integer.getInteger("faults.events", 2000);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** What one run sent and what the gateway said. */
    record Sent(int sent, List<String> acknowledged, int refused, int unanswered) {
    }

    static String body(String callId) {
        return """
                {"type":"call.ended","callId":"%s","occurredAt":"2026-11-23T14:30:00Z","outcome":"LEFT_VOICEMAIL","direction":"OUTBOUND",
                 "from":"+15551230000","to":"+15559870000","durationSeconds":42,"notes":"load %s",
                 "prospect":{"crmIds":{"hubspot":"101","salesforce":"003000000000101AAA","bullhorn":"5059165"}}}"""
                .formatted(callId, callId);
    }

    /**
     * Sends {@code count} calls named {@code prefix-0…} with {@code threads} senders; {@code progress} is told how
     * many were sent so far (a scenario injects its fault part-way). A request the gateway did not answer (it was
     * killed) is neither acknowledged nor refused.
     */
    Sent send(String baseUrl, String prefix, int count, int threads, IntConsumer progress) throws InterruptedException {
        List<String> callIds = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            callIds.add(prefix + "-" + i);
        }
        return send(baseUrl, callIds, threads, progress);
    }

    /** Sends these calls (a dialer's retries, say). */
    Sent send(String baseUrl, String prefix, List<String> callIds, int threads) throws InterruptedException {
        return send(baseUrl, callIds, threads, done -> { });
    }

    private Sent send(String baseUrl, List<String> callIds, int threads, IntConsumer progress) throws InterruptedException {
        int count = callIds.size();
        ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger unanswered = new AtomicInteger();
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        for (int t = 0; t < threads; t++) {
            pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    String callId = callIds.get(i);
                    try {
                        int status = post(baseUrl, callId);
                        if (status >= 200 && status < 300) {
                            acknowledged.add(callId);
                        } else {
                            refused.incrementAndGet();
                        }
                    } catch (Exception e) {
                        unanswered.incrementAndGet();
                    }
                    progress.accept(i + 1);
                }
            });
        }
        pool.shutdown();
        if (!pool.awaitTermination(10, TimeUnit.MINUTES)) {
            throw new IllegalStateException("the load did not finish in 10 minutes");
        }
        return new Sent(count, new ArrayList<>(acknowledged), refused.get(), unanswered.get());
    }

    private int post(String baseUrl, String callId) throws Exception {
        String json = body(callId);
        String id = "msg_" + callId;
        String ts = String.valueOf(Instant.now().getEpochSecond());
        String sig = Base64.getEncoder().encodeToString(
                StandardWebhooks.sign(GatewayIntegrationTest.GLOBEX_SECRET, id, ts, json.getBytes(StandardCharsets.UTF_8)));
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/webhooks/globex/generic"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header(StandardWebhooks.ID, id).header(StandardWebhooks.TIMESTAMP, ts).header(StandardWebhooks.SIGNATURE, "v1," + sig)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
