package dev.dispositions.gateway.guarantees;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A load driver, not a check: how many calls per second the gateway acknowledges (four senders) and delivers to
 * Salesforce, HubSpot and Bullhorn at once (stand-ins answering at once, so the gateway is what is measured), on the
 * embedded database, with the production dispatch settings. Several rounds on one gateway after a warm-up round;
 * medians are reported. Run: {@code mvn test -Dbenchmarks.excluded= -Dgroups=benchmark} (add
 * {@code -Dfaults.events=N}); results in target/benchmarks/throughput.json.
 */
@Tag("benchmark")
class ThroughputBenchmark {
    private static final int ROUNDS = Integer.getInteger("benchmark.rounds", 5);

    @Test
    void acknowledgeAndDeliverThroughput() throws Exception {
        int count = LoadDriver.EVENTS;
        List<Double> acknowledgedPerSecond = new ArrayList<>();
        List<Double> deliveredPerSecond = new ArrayList<>();
        List<Long> heapAfterMb = new ArrayList<>();
        try (CrmStandIns crms = new CrmStandIns();
             ConfigurableApplicationContext gateway = FaultScenariosTest.gateway(crms,
                     "--gateway.dispatch.poll-interval=500ms", "--gateway.dispatch.batch-size=50")) {
            JdbcTemplate db = gateway.getBean(JdbcTemplate.class);
            for (int round = 0; round <= ROUNDS; round++) {
                String prefix = "bench-" + round + "-" + UUID.randomUUID().toString().substring(0, 6);
                int before = db.queryForObject("select count(*) from outbox where tenant = 'globex'", Integer.class);
                long start = System.nanoTime();
                LoadDriver.Sent sent = new LoadDriver().send(FaultScenariosTest.baseUrl(gateway), prefix, count, 4, done -> { });
                long acknowledged = System.nanoTime();
                FaultScenariosTest.awaitSettled(db, before + 3 * sent.acknowledged().size(), Duration.ofMinutes(10));
                long delivered = System.nanoTime();
                if (round == 0) {
                    continue; // warm-up: class loading, JIT, connection pools
                }
                acknowledgedPerSecond.add(sent.acknowledged().size() / seconds(acknowledged - start));
                deliveredPerSecond.add(sent.acknowledged().size() / seconds(delivered - start));
                Runtime rt = Runtime.getRuntime();
                heapAfterMb.add((rt.totalMemory() - rt.freeMemory()) / (1024 * 1024));
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("scenario", "throughput");
        result.put("callsPerRound", count);
        result.put("rounds", ROUNDS);
        result.put("acknowledgedPerSecond", acknowledgedPerSecond);
        result.put("acknowledgedPerSecondMedian", median(acknowledgedPerSecond));
        result.put("deliveredToAllThreeCrmsPerSecond", deliveredPerSecond);
        result.put("deliveredPerSecondMedian", median(deliveredPerSecond));
        result.put("heapUsedAfterRoundMb", heapAfterMb);
        java.nio.file.Files.createDirectories(java.nio.file.Path.of("target/benchmarks"));
        java.nio.file.Files.writeString(java.nio.file.Path.of("target/benchmarks/throughput.json"),
                new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(result));
        System.out.println("BENCHMARK " + result);
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
