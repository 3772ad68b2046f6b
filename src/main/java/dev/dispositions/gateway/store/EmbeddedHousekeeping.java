package dev.dispositions.gateway.store;

import java.sql.DatabaseMetaData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps the embedded H2 file bounded. With {@code WRITE_DELAY=0} (every commit in the file before its 202) H2 runs
 * no background writer, and so never rewrites the live pages out of chunks that are mostly dead: their space is
 * never reused and the file grows with every write, whatever retention deletes. H2's {@code CHECKPOINT} does that
 * housekeeping (chunks under half full, up to 4 MB a time), so it runs every
 * {@code gateway.storage.embedded-checkpoint-every}. Nothing is done on PostgreSQL, whose autovacuum does this.
 */
@Component
public class EmbeddedHousekeeping {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedHousekeeping.class);

    private final JdbcTemplate jdbc;
    private volatile Boolean embedded;

    public EmbeddedHousekeeping(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Scheduled(fixedDelayString = "${gateway.storage.embedded-checkpoint-every:1s}", initialDelayString = "${gateway.storage.embedded-checkpoint-every:1s}")
    public void checkpoint() {
        try {
            if (embedded == null) {
                embedded = jdbc.execute((ConnectionCallback<Boolean>) c -> {
                    DatabaseMetaData meta = c.getMetaData();
                    return "H2".equals(meta.getDatabaseProductName()) && !meta.getURL().startsWith("jdbc:h2:mem:");
                });
            }
            if (embedded) {
                jdbc.execute("checkpoint");
            }
        } catch (RuntimeException e) {
            log.warn("embedded database housekeeping failed: {}", e.toString());
        }
    }
}
