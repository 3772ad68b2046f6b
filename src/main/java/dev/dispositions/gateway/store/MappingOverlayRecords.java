package dev.dispositions.gateway.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Tenants' mapping overlays, every version of each (JSON bodies; they hold no secrets). The highest version of a
 * (tenant, kind, target) is the one in use; an empty body {@code {}} means "the files alone".
 */
@Repository
public class MappingOverlayRecords {
    public static final String CRM = "crm";
    public static final String DIALER = "dialer";

    private final JdbcTemplate jdbc;

    public MappingOverlayRecords(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** One version of one overlay. */
    public record Version(String tenant, String kind, String target, int version, String body, String note, String actor,
                          OffsetDateTime createdAt) {
    }

    /** Which version of each overlay is current: read every refresh, so a replica reloads only what changed. */
    public record Head(String tenant, String kind, String target, int version) {
    }

    private static final RowMapper<Version> VERSION = (rs, i) -> new Version(rs.getString(1), rs.getString(2), rs.getString(3),
            rs.getInt(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getObject(8, OffsetDateTime.class));
    private static final String COLUMNS = "select tenant, kind, target, version, body, note, actor, created_at from mapping_overlay ";

    public List<Head> heads() {
        return jdbc.query("select tenant, kind, target, max(version) from mapping_overlay group by tenant, kind, target",
                (rs, i) -> new Head(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4)));
    }

    public Optional<Version> current(String tenant, String kind, String target) {
        return jdbc.query(COLUMNS + "where tenant = ? and kind = ? and target = ? order by version desc fetch first 1 rows only", VERSION,
                tenant, kind, target).stream().findFirst();
    }

    public Optional<Version> version(String tenant, String kind, String target, int version) {
        return jdbc.query(COLUMNS + "where tenant = ? and kind = ? and target = ? and version = ?", VERSION, tenant, kind, target, version)
                .stream().findFirst();
    }

    /** Newest first. */
    public List<Version> history(String tenant, String kind, String target) {
        return jdbc.query(COLUMNS + "where tenant = ? and kind = ? and target = ? order by version desc", VERSION, tenant, kind, target);
    }

    /**
     * Stores the next version, if the current one is still {@code expected} (0: none yet), and drops versions
     * older than the last {@code kept}.
     *
     * @return the new version, or empty when another change came first (the caller answers 409)
     */
    @Transactional
    public Optional<Integer> save(String tenant, String kind, String target, int expected, String body, String note, String actor,
                                  Instant now, int kept) {
        int current = current(tenant, kind, target).map(Version::version).orElse(0);
        if (current != expected) {
            return Optional.empty();
        }
        try {
            jdbc.update("insert into mapping_overlay (tenant, kind, target, version, body, note, actor, created_at) values (?, ?, ?, ?, ?, ?, ?, ?)",
                    tenant, kind, target, current + 1, body, note, actor, EventStore.utc(now));
        } catch (DuplicateKeyException e) {
            return Optional.empty(); // a replica stored the same version at the same moment
        }
        jdbc.update("delete from mapping_overlay where tenant = ? and kind = ? and target = ? and version <= ?", tenant, kind, target,
                current + 1 - kept);
        return Optional.of(current + 1);
    }

    /** A deleted tenant's overlays go with it. */
    public void deleteTenant(String tenant) {
        jdbc.update("delete from mapping_overlay where tenant = ?", tenant);
    }
}
