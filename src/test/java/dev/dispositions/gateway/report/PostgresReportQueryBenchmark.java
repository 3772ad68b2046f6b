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
        onPostgres(registry, SCHEMA);
    }

    @Override
    protected String resultName() {
        return "report-queries-postgres";
    }
}
