package dev.dispositions.gateway.benchmark;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

/**
 * The database a benchmark run uses: the embedded H2 file under the run's folder (the default), or the PostgreSQL
 * named by {@code -Dbench.postgres} (a JDBC URL with user and password), emptied before each run.
 */
final class BenchDatabase {
    private static final String POSTGRES = System.getProperty("bench.postgres", "");

    private final Path dir;

    private BenchDatabase(Path dir) {
        this.dir = dir;
    }

    static String describe() {
        return POSTGRES.isBlank() ? "H2 (the embedded default)" : "PostgreSQL";
    }

    static BenchDatabase forRun(Path dir) throws Exception {
        if (!POSTGRES.isBlank()) {
            try (Connection c = DriverManager.getConnection(POSTGRES); Statement s = c.createStatement()) {
                s.execute("drop schema public cascade");
                s.execute("create schema public");
            }
        }
        return new BenchDatabase(dir);
    }

    List<String> gatewayArgs() {
        if (!POSTGRES.isBlank()) {
            // what the postgres profile sets (application-postgres.yaml), with this run's database
            return List.of("--spring.datasource.url=" + POSTGRES, "--spring.datasource.hikari.data-source-properties.reWriteBatchedInserts=true",
                    "--gateway.ingest.group-commit.writers=4");
        }
        // the embedded default exactly as shipped, in the run's folder
        return List.of("--gateway.data-dir=" + dir.toAbsolutePath() + "/db");
    }

    /** The run's embedded database is gigabytes after 20,000 events: removed once measured (the gateway's log stays). */
    void discard() throws java.io.IOException {
        Path db = dir.resolve("db");
        if (java.nio.file.Files.exists(db)) {
            try (var files = java.nio.file.Files.walk(db)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** What the database takes on disk now: the H2 files, or PostgreSQL's size of the database. */
    long bytes() throws Exception {
        if (POSTGRES.isBlank()) {
            return Processes.bytesUnder(dir.resolve("db"));
        }
        try (Connection c = DriverManager.getConnection(POSTGRES); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("select pg_database_size(current_database())")) {
            r.next();
            return r.getLong(1);
        }
    }
}
