package dev.dispositions.gateway.access;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Every write through the admin API, with the caller that made it. Secrets are never written here. */
@Repository
public class AdminAudit {
    private static final int MAX_DETAIL = 2000;

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public AdminAudit(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** @param keyId the key that made the change (null: the bootstrap operator key) */
    public record Entry(long id, OffsetDateTime at, String actor, String keyId, String role, String tenant, String action, String target,
                        String detail) {
    }

    /**
     * @param tenant the tenant the change concerns (null: the whole gateway)
     * @param target what was changed: an event id, a key id, {@code tenant/crm}
     */
    public void record(Caller by, String action, String tenant, String target, String detail) {
        jdbc.update("insert into admin_audit (at, actor, key_id, role, tenant, action, target, detail) values (?, ?, ?, ?, ?, ?, ?, ?)",
                clock.instant().atOffset(ZoneOffset.UTC), by.name(), by.keyId(), by.role().written(), tenant, action, target,
                detail == null || detail.length() <= MAX_DETAIL ? detail : detail.substring(0, MAX_DETAIL));
    }

    /** The newest first; only the tenant's entries when {@code tenant} is set. */
    public List<Entry> list(String tenant, int limit, int offset) {
        Object[] args = tenant == null ? new Object[] {offset, limit} : new Object[] {tenant, offset, limit};
        return jdbc.query("select id, at, actor, key_id, role, tenant, action, target, detail from admin_audit"
                        + (tenant == null ? "" : " where tenant = ?") + " order by at desc, id desc offset ? rows fetch next ? rows only",
                (rs, i) -> new Entry(rs.getLong(1), rs.getObject(2, OffsetDateTime.class), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9)), args);
    }
}
