package dev.dispositions.gateway.guarantees;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two gateway instances share one PostgreSQL (a schema of their own) and each takes half of the load: both
 * dispatch, and no call reaches a CRM twice. Runs when GATEWAY_PG_URL is set, as .ci/run does.
 */
@EnabledIfEnvironmentVariable(named = "GATEWAY_PG_URL", matches = ".+")
class TwoInstancesOnPostgresTest {

    private static String[] postgres(String schema) {
        return new String[] {"--spring.datasource.url=" + System.getenv("GATEWAY_PG_URL"),
            "--spring.datasource.username=" + System.getenv().getOrDefault("GATEWAY_PG_USER", "gateway"),
            "--spring.datasource.password=" + System.getenv().getOrDefault("GATEWAY_PG_PASSWORD", "gateway"),
            "--spring.datasource.hikari.schema=" + schema, "--spring.flyway.schemas=" + schema};
    }

    /** Deliveries this instance settled, whatever their result. */
    private static double deliveries(ConfigurableApplicationContext ctx) {
        return ctx.getBean(io.micrometer.core.instrument.MeterRegistry.class).find("gateway.deliveries").counters().stream()
                .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
    }

    @Test
    void twoInstancesUnderLoadNeverDeliverTheSameCallTwice() throws Exception {
        String schema = "gw_two_" + ThreadLocalRandom.current().nextInt(1_000_000);
        String prefix = "two-" + UUID.randomUUID().toString().substring(0, 8);
        int count = LoadDriver.EVENTS;
        try (CrmStandIns crms = new CrmStandIns();
             ConfigurableApplicationContext first = FaultScenariosTest.gateway(crms, postgres(schema));
             ConfigurableApplicationContext second = FaultScenariosTest.gateway(crms, postgres(schema))) {
            List<String> even = new ArrayList<>();
            List<String> odd = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                (i % 2 == 0 ? even : odd).add(prefix + "-" + i);
            }
            LoadDriver.Sent[] halves = new LoadDriver.Sent[2];
            Thread other = new Thread(() -> {
                try {
                    halves[1] = new LoadDriver().send(FaultScenariosTest.baseUrl(second), prefix, odd, 2);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            other.start();
            halves[0] = new LoadDriver().send(FaultScenariosTest.baseUrl(first), prefix, even, 2);
            other.join();
            List<String> acknowledged = new ArrayList<>(halves[0].acknowledged());
            acknowledged.addAll(halves[1].acknowledged());
            JdbcTemplate db = first.getBean(JdbcTemplate.class);
            Map<String, Long> delivered = FaultScenariosTest.awaitSettled(db, 3 * acknowledged.size(), Duration.ofMinutes(5));

            Ledger ledger = new Ledger(crms);
            LoadDriver.Sent all = new LoadDriver.Sent(count, acknowledged, 0, 0);
            Map<String, Object> counts = ledger.report("two-instances-postgres", all, delivered);
            double byFirst = deliveries(first);
            double bySecond = deliveries(second);
            counts.put("deliveriesByInstance", List.of(byFirst, bySecond));
            FaultScenariosTest.report(counts);
            assertThat(byFirst).as("the first instance dispatched").isPositive();
            assertThat(bySecond).as("the second instance dispatched").isPositive();
            FaultScenariosTest.assertExactlyOnce(ledger, all, delivered);
        }
    }
}
