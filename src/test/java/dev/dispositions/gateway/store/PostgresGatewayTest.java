package dev.dispositions.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dispositions.gateway.GatewayIntegrationTest;
import dev.dispositions.gateway.canonical.CallState;
import dev.dispositions.gateway.canonical.CanonicalDisposition;
import dev.dispositions.gateway.canonical.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The same gateway on a real PostgreSQL (run when GATEWAY_PG_URL is set, as .ci/run does), in a schema of its
 * own: Flyway's migrations, the end-to-end path, and concurrent dispatchers that never claim the same row.
 */
@EnabledIfEnvironmentVariable(named = "GATEWAY_PG_URL", matches = ".+")
class PostgresGatewayTest extends GatewayIntegrationTest {
    private static final String SCHEMA = "gw_test_" + ThreadLocalRandom.current().nextInt(1_000_000);

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        onPostgres(registry, SCHEMA);
    }

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    EventStore store;
    @Autowired
    Outbox outbox;

    @Test
    void runsOnPostgresWithTheSameMigrations() throws java.io.IOException {
        assertThat(jdbc.queryForObject("select version()", String.class)).startsWith("PostgreSQL");
        assertThat(jdbc.queryForObject("select current_schema()", String.class)).isEqualTo(SCHEMA);
        var resolver = new org.springframework.core.io.support.PathMatchingResourcePatternResolver();
        // SQL migrations, the Java ones (V8's backfill) beside them, and PostgreSQL's own
        int migrations = resolver.getResources("classpath:db/migration/V*.sql").length
                + resolver.getResources("classpath:db/migration/V*.class").length
                + resolver.getResources("classpath:db/vendor/postgresql/V*.sql").length;
        assertThat(migrations).isGreaterThanOrEqualTo(2);
        assertThat(jdbc.queryForObject("select count(*) from flyway_schema_history where success and version is not null",
                Integer.class)).isEqualTo(migrations);
    }

    @Test
    void aWebhookIsStoredAndDeliveredOnceOnPostgres() {
        String callSid = newCallId();
        String body = "CallSid=" + callSid + "&CallStatus=completed&AnsweredBy=human&CallDuration=33&SequenceNumber=1";

        Reply first = postTwilio(body);
        Reply again = postTwilio(body);

        assertThat(first.status()).isEqualTo(202);
        assertThat(again.status()).isEqualTo(200);
        String eventId = first.body().get("eventId").asText();
        await().atMost(Duration.ofSeconds(15)).until(() -> "delivered".equals(event(eventId).get("status").asText()));
        assertThat(tasksFor(callSid)).hasSize(1);
    }

    @Test
    void concurrentDispatchersNeverClaimTheSameRow() throws Exception {
        // Due tomorrow, so the running dispatcher leaves them alone; the claimers below live a day ahead.
        Instant tomorrow = Instant.now().plus(Duration.ofDays(1));
        int rows = 200;
        for (int i = 0; i < rows; i++) {
            String callId = "claim-" + i + "-" + newCallId();
            var event = CanonicalDisposition.builder("default", "generic", callId).vendorEventId(callId)
                    .occurredAt(tomorrow, "vendor").state(CallState.COMPLETED).outcome(Outcome.BUSY).build();
            store.store(new EventStore.Request("default", "generic", "application/json", callId, tomorrow), callId, List.of(event), List.of("salesforce"), EventStore.ActionPlan.NONE);
        }
        Instant later = tomorrow.plusSeconds(60);
        int workers = 4;
        Set<Long> claimed = ConcurrentHashMap.newKeySet();
        List<Long> duplicates = new java.util.concurrent.CopyOnWriteArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            done.add(pool.submit(() -> {
                start.await();
                List<Outbox.Claimed> batch;
                while (!(batch = outbox.claimDue(7, Duration.ofMinutes(10), later)).isEmpty()) {
                    for (Outbox.Claimed c : batch) {
                        if (!claimed.add(c.item().outboxId())) {
                            duplicates.add(c.item().outboxId());
                        }
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        assertThat(duplicates).isEmpty();
        assertThat(claimed).hasSize(rows);
    }

    @Test
    void theOutcomeReportsAreKeptOnPostgresAndANewerEventSupersedes() throws Exception {
        String callId = newCallId();
        String report = "/api/reports/outcomes?tenant=initech&from=2026-02-02&to=2026-02-02&groupBy=day";
        for (String[] e : new String[][] {{"2026-02-02T10:00:00Z", "NO_ANSWER"}, {"2026-02-02T10:05:00Z", "MEETING_BOOKED"}}) {
            Reply r = postGeneric("/webhooks/initech/generic", ACME_SECRET, "msg_" + newCallId(), "{\"type\": \"call.ended\", \"callId\": \""
                    + callId + "\", \"occurredAt\": \"" + e[0] + "\", \"outcome\": \"" + e[1] + "\", \"talkTimeSeconds\": 60}");
            assertThat(r.status()).as(r.raw()).isEqualTo(202);
        }
        java.util.Map<String, String> operator = java.util.Map.of("X-Api-Key", ADMIN_KEY);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> getRaw(report, operator).body().path("total")
                .path("meetings").asInt() == 1);
        assertThat(getRaw(report, operator).body().path("total").path("calls").asInt()).as("one call, once").isEqualTo(1);
    }
}
