package dev.dispositions.gateway.store;

import dev.dispositions.gateway.config.GatewayProperties;
import dev.dispositions.gateway.config.GatewayProperties.DialerSettings;
import dev.dispositions.gateway.config.Secret;
import dev.dispositions.gateway.config.StoredTenants;
import dev.dispositions.gateway.mapping.PossibleOptOut;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/** Tenants and dialer connections made through the admin API; secrets sealed by {@link SecretBox}. */
@Repository
public class TenantRecords implements StoredTenants {
    private static final Logger log = LoggerFactory.getLogger(TenantRecords.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final SecretBox box;
    private final CrmConnectionRecords crms;

    public TenantRecords(JdbcTemplate jdbc, TransactionTemplate tx, SecretBox box, CrmConnectionRecords crms) {
        this.crms = crms;
        this.jdbc = jdbc;
        this.tx = tx;
        this.box = box;
    }

    /** A tenant as the API shows it. */
    public record TenantView(String id, boolean enabled, OffsetDateTime createdAt, OffsetDateTime updatedAt, List<DialerView> dialers,
                             List<CrmConnectionRecords.CrmView> crms) {
    }

    /** A dialer connection as the API shows it: the secret as a fingerprint and when it was set, never itself. */
    public record DialerView(String dialer, boolean enabled, String secretFingerprint, OffsetDateTime secretSetAt,
                             String previousSecretFingerprint, OffsetDateTime previousSecretUntil, String defaultRegion,
                             String possibleOptOut, OffsetDateTime updatedAt) {
    }

    /** What a dialer connection is set to; {@code secret} null keeps the one it has. */
    public record DialerChange(boolean enabled, String secret, String defaultRegion, PossibleOptOut possibleOptOut) {
    }

    @Override
    public Map<String, Stored> load() {
        Map<String, Boolean> enabled = new TreeMap<>();
        jdbc.query("select id, enabled from stored_tenant", rs -> {
            enabled.put(rs.getString(1), rs.getBoolean(2));
        });
        Map<String, Map<String, DialerSettings>> dialers = new TreeMap<>();
        jdbc.query("select tenant, dialer, enabled, secret_sealed, previous_sealed, previous_until, default_region, possible_opt_out "
                + "from dialer_connection", rs -> {
            String tenant = rs.getString(1);
            Optional<String> secret = box.open(rs.getString(4));
            if (secret.isEmpty()) {
                log.warn("the secret of dialer {} of tenant {} cannot be opened with the current gateway.token-key: its webhooks are refused",
                        rs.getString(2), tenant);
            }
            OffsetDateTime until = rs.getObject(6, OffsetDateTime.class);
            String optOut = rs.getString(8);
            dialers.computeIfAbsent(tenant, t -> new TreeMap<>()).put(rs.getString(2), new DialerSettings(rs.getBoolean(3) && secret.isPresent(),
                    Secret.of(secret.orElse("")), Map.of(), rs.getString(7), optOut == null ? null : PossibleOptOut.parse(optOut),
                    box.open(rs.getString(5)).map(Secret::of).orElse(null), until == null ? null : until.toInstant()));
        });
        Map<String, Map<String, Map<String, Object>>> connections = crms.load();
        Map<String, Stored> all = new TreeMap<>();
        enabled.forEach((id, on) -> all.put(id, new Stored(on, new GatewayProperties.Tenant(dialers.getOrDefault(id, Map.of()),
                connections.getOrDefault(id, Map.of())))));
        return all;
    }

    public List<TenantView> list() {
        return jdbc.query("select id from stored_tenant order by id", (rs, i) -> rs.getString(1)).stream()
                .map(id -> find(id).orElseThrow()).toList();
    }

    public Optional<TenantView> find(String id) {
        List<DialerView> dialers = jdbc.query("select dialer, enabled, secret_fingerprint, secret_set_at, previous_fingerprint, "
                + "previous_until, default_region, possible_opt_out, updated_at from dialer_connection where tenant = ? order by dialer",
                (rs, i) -> new DialerView(rs.getString(1), rs.getBoolean(2), rs.getString(3), rs.getObject(4, OffsetDateTime.class),
                        rs.getString(5), rs.getObject(6, OffsetDateTime.class), rs.getString(7), rs.getString(8),
                        rs.getObject(9, OffsetDateTime.class)), id);
        return jdbc.query("select id, enabled, created_at, updated_at from stored_tenant where id = ?", (rs, i) -> new TenantView(
                rs.getString(1), rs.getBoolean(2), rs.getObject(3, OffsetDateTime.class), rs.getObject(4, OffsetDateTime.class), dialers,
                crms.of(id)), id)
                .stream().findFirst();
    }

    /** False if a tenant with this id was made already (here, or by another replica at the same moment). */
    public boolean create(String id, Instant now) {
        try {
            return jdbc.update("insert into stored_tenant (id, enabled, created_at, updated_at) select ?, true, ?, ? "
                + "where not exists (select 1 from stored_tenant where id = ?)", id, EventStore.utc(now), EventStore.utc(now), id) == 1;
        } catch (org.springframework.dao.DuplicateKeyException concurrently) {
            return false;
        }
    }

    /** Do-not-contact deliveries of the tenant (to one CRM, or to any when {@code crm} is null) not delivered or discarded. */
    public long pendingDoNotContacts(String tenant, String crm) {
        Long n = jdbc.queryForObject("select count(*) from outbox where tenant = ? and action = 'do-not-contact' "
                + "and status not in ('DELIVERED', 'SKIPPED', 'DISCARDED')" + (crm == null ? "" : " and crm = ?"), Long.class,
                crm == null ? new Object[] {tenant} : new Object[] {tenant, crm});
        return n == null ? 0 : n;
    }

    /** When the tenant was last changed (enabled or disabled). */
    public Optional<Instant> changedAt(String id) {
        return jdbc.query("select updated_at from stored_tenant where id = ?", (rs, i) -> rs.getObject(1, OffsetDateTime.class).toInstant(), id)
                .stream().findFirst();
    }

    public void setEnabled(String id, boolean enabled, Instant now) {
        jdbc.update("update stored_tenant set enabled = ?, updated_at = ? where id = ?", enabled, EventStore.utc(now), id);
    }

    /**
     * The tenant, its connections, the CRM tokens obtained for it, and its keys (revoked: a tenant made again under the
     * same id is not reached by them); its stored events and dead letters stay, and follow the retention settings.
     */
    public void delete(String id, Instant now) {
        tx.executeWithoutResult(status -> {
            jdbc.update("delete from dialer_connection where tenant = ?", id);
            crms.deleteAll(id);
            jdbc.update("delete from crm_token where tenant = ?", id);
            jdbc.update("delete from mapping_overlay where tenant = ?", id);
            jdbc.update("delete from oauth_state where tenant = ?", id);
            jdbc.update("delete from destination where tenant = ?", id);
            jdbc.update("update api_key set revoked_at = ? where tenant = ? and revoked_at is null", EventStore.utc(now), id);
            jdbc.update("delete from stored_tenant where id = ?", id);
        });
    }

    /** Creates or changes the connection; a new one needs a secret. */
    public void putDialer(String tenant, String dialer, DialerChange change, Instant now) {
        OffsetDateTime at = EventStore.utc(now);
        String optOut = change.possibleOptOut() == null ? null : change.possibleOptOut().written();
        tx.executeWithoutResult(status -> {
            int changed = change.secret() == null
                    ? jdbc.update("update dialer_connection set enabled = ?, default_region = ?, possible_opt_out = ?, updated_at = ? "
                            + "where tenant = ? and dialer = ?", change.enabled(), change.defaultRegion(), optOut, at, tenant, dialer)
                    : jdbc.update("update dialer_connection set enabled = ?, secret_sealed = ?, secret_fingerprint = ?, secret_set_at = ?, "
                            + "previous_sealed = null, previous_fingerprint = null, previous_until = null, default_region = ?, "
                            + "possible_opt_out = ?, updated_at = ? where tenant = ? and dialer = ?", change.enabled(), box.seal(change.secret()),
                            box.fingerprint(change.secret()), at, change.defaultRegion(), optOut, at, tenant, dialer);
            if (changed == 0) {
                jdbc.update("insert into dialer_connection (tenant, dialer, enabled, secret_sealed, secret_fingerprint, secret_set_at, "
                                + "default_region, possible_opt_out, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)", tenant, dialer, change.enabled(),
                        box.seal(change.secret()), box.fingerprint(change.secret()), at, change.defaultRegion(), optOut, at);
            }
        });
    }

    /** The new secret verifies at once; the one it replaces until {@code previousUntil}. */
    public void rotate(String tenant, String dialer, String secret, Instant previousUntil, Instant now) {
        OffsetDateTime at = EventStore.utc(now);
        jdbc.update("update dialer_connection set previous_sealed = secret_sealed, previous_fingerprint = secret_fingerprint, "
                        + "previous_until = ?, secret_sealed = ?, secret_fingerprint = ?, secret_set_at = ?, updated_at = ? where tenant = ? and dialer = ?",
                EventStore.utc(previousUntil), box.seal(secret), box.fingerprint(secret), at, at, tenant, dialer);
    }

    public boolean deleteDialer(String tenant, String dialer) {
        return jdbc.update("delete from dialer_connection where tenant = ? and dialer = ?", tenant, dialer) == 1;
    }
}
