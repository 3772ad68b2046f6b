package dev.dispositions.gateway.guarantees;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The gateway process is killed with SIGKILL in the middle of a load and started again on the same database: every
 * call it had answered 2xx reaches every CRM, and none becomes two records. Calls it never answered are sent again,
 * as a dialer would.
 */
class KilledGatewayTest {

    private static List<String> args(CrmStandIns crms, String database) {
        List<String> args = new ArrayList<>(List.of(crms.gatewayArgs()));
        args.addAll(List.of("--spring.datasource.url=" + database,
                "--gateway.dispatch.poll-interval=50ms", "--gateway.dispatch.batch-size=150",
                "--gateway.dispatch.retry.initial-delay=200ms", "--gateway.dispatch.retry.max-delay=3s",
                // Longer than the test waits: what the killed process held comes back only because its restart, on the
                // same host and port and so under the same instance name, takes its claims back at once.
                "--gateway.dispatch.lease=3m",
                "--logging.level.dev.dispositions.gateway.dispatch=WARN", "--logging.level.dev.dispositions.gateway.ingest=WARN"));
        return args;
    }

    @Test
    void everyAcknowledgedCallIsDeliveredOnceAfterTheGatewayIsKilledMidLoadAndRestarted() throws Exception {
        String database = "jdbc:h2:file:" + Path.of("target/test-db/killed-" + UUID.randomUUID()).toAbsolutePath()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0";
        String prefix = "killed-" + UUID.randomUUID().toString().substring(0, 8);
        int count = LoadDriver.EVENTS;
        try (CrmStandIns crms = new CrmStandIns()) {
            int port = GatewayProcess.freePort();
            Path log = GatewayProcess.logFile(prefix).toPath();
            LoadDriver.Sent first;
            GatewayProcess gateway = GatewayProcess.start(port, log, args(crms, database));
            AtomicBoolean killed = new AtomicBoolean();
            first = new LoadDriver().send(gateway.baseUrl(), prefix, count, 4, done -> {
                if (done >= count / 2 && killed.compareAndSet(false, true)) {
                    try {
                        gateway.kill();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
            assertThat(killed).isTrue();
            assertThat(first.unanswered()).as("requests cut off by the kill").isPositive();

            Set<String> acknowledged = new HashSet<>(first.acknowledged());
            Map<String, Object> counts = new TreeMap<>();
            try (GatewayProcess restarted = GatewayProcess.start(port, log, args(crms, database))) {
                // the dialer retries what got no answer; the gateway answers 202, or 200 for what it had stored already
                List<String> retried = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    if (!acknowledged.contains(prefix + "-" + i)) {
                        retried.add(prefix + "-" + i);
                    }
                }
                LoadDriver.Sent second = new LoadDriver().send(restarted.baseUrl(), prefix, retried, 4);
                acknowledged.addAll(second.acknowledged());
                Map<String, Long> delivered = awaitSettled(restarted, acknowledged.size(), Duration.ofSeconds(150));

                Ledger ledger = new Ledger(crms);
                counts.putAll(ledger.report("sigkill-restart", new LoadDriver.Sent(count, new ArrayList<>(acknowledged), 0, 0), delivered));
                counts.put("acknowledgedBeforeKill", first.acknowledged().size());
                counts.put("unansweredAtKill", first.unanswered());
                counts.put("resentAfterRestart", retried.size());
                FaultScenariosTest.report(counts);

                assertThat(acknowledged).as("every call acknowledged in the end").hasSize(count);
                for (String crm : List.of("salesforce", "hubspot", "bullhorn")) {
                    assertThat(delivered.get(crm)).as(crm + " deliveries").isEqualTo(count);
                }
                for (String callId : acknowledged) {
                    String key = Ledger.key(callId);
                    assertThat(ledger.salesforce.acceptedFor(key)).as("Salesforce upserts of " + key).isPositive();
                    assertThat(ledger.hubspot.acceptedFor(key)).as("HubSpot upserts of " + key).isPositive();
                    assertThat(ledger.bullhorn.sent().getOrDefault(key, 0)).as("Bullhorn Notes created for " + key).isEqualTo(1);
                }
            }
        }
    }

    /** Waits, through the admin API, until globex has nothing unfinished; answers DELIVERED per CRM. */
    private static Map<String, Long> awaitSettled(GatewayProcess gateway, int expected, Duration atMost) throws Exception {
        Instant deadline = Instant.now().plus(atMost);
        Map<String, Long> delivered = new TreeMap<>();
        while (Instant.now().isBefore(deadline)) {
            delivered.clear();
            long open = 0;
            for (JsonNode c : gateway.connectors()) {
                if (!"globex".equals(c.path("tenant").asText())) {
                    continue;
                }
                var fields = c.path("deliveries").fields();
                while (fields.hasNext()) {
                    var f = fields.next();
                    if (f.getKey().equals("DELIVERED")) {
                        delivered.put(c.path("crm").asText(), f.getValue().asLong());
                    } else if (!List.of("SKIPPED", "FAILED", "DISCARDED").contains(f.getKey())) {
                        open += f.getValue().asLong();
                    }
                }
            }
            if (open == 0 && delivered.values().stream().allMatch(n -> n >= expected) && delivered.size() == 3) {
                break;
            }
            Thread.sleep(500);
        }
        return delivered;
    }
}
