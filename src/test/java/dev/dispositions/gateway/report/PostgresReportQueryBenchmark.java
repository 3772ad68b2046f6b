package dev.dispositions.gateway.report;

import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** {@link ReportQueryBenchmark} on PostgreSQL (GATEWAY_PG_URL), in a schema of its own; results in target/benchmarks/report-queries-postgres.json. */
@Tag("benchmark")
@EnabledIfEnvironmentVariable(named = "GATEWAY_PG_URL", matches = ".+")
class PostgresReportQueryBenchmark extends ReportQueryBenchmark {
    private static final String SCHEMA = "gw_bench_" + ThreadLocalRandom.current().nextInt(1_000_000);

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> System.getenv("GATEWAY_PG_URL"));
        registry.add("spring.datasource.username", () -> System.getenv().getOrDefault("GATEWAY_PG_USER", "gateway"));
        registry.add("spring.datasource.password", () -> System.getenv().getOrDefault("GATEWAY_PG_PASSWORD", "gateway"));
        registry.add("spring.datasource.hikari.schema", () -> SCHEMA);
        registry.add("spring.flyway.schemas", () -> SCHEMA);
    }

    @Override
    protected String resultName() {
        return "report-queries-postgres";
    }
}
