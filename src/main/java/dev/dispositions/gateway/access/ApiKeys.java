package dev.dispositions.gateway.access;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.commons.codec.digest.DigestUtils;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The keys created through the API. A key is shown once, when created; the database keeps its SHA-256 and its first
 * characters (to tell keys apart in a list). Look-ups are cached for {@link #REVOCATION_DELAY}, so a revoked key stops
 * working on every replica within that.
 */
@Repository
public class ApiKeys {
    static final Duration REVOCATION_DELAY = Duration.ofSeconds(5);
    private static final String PREFIX = "dgk_";
    private static final Duration LAST_USED_EVERY = Duration.ofMinutes(1);

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Cache<String, Optional<Caller>> byHash = Caffeine.newBuilder().maximumSize(10_000)
            .expireAfterWrite(REVOCATION_DELAY).build();
    private final Cache<String, Boolean> touched = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(LAST_USED_EVERY).build();

    public ApiKeys(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** A key as listed: never the key itself. */
    public record KeyView(String id, String name, String role, String tenant, String prefix, OffsetDateTime createdAt, String createdBy,
                          OffsetDateTime lastUsedAt, OffsetDateTime revokedAt) {
    }

    /** A key just created: the only time {@code key} is shown. */
    public record Created(KeyView key, String secret) {
    }

    public Created create(String name, Role role, String tenant, Caller by) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        String id = UUID.randomUUID().toString();
        OffsetDateTime now = utc(clock.instant());
        jdbc.update("insert into api_key (id, name, role, tenant, key_hash, key_prefix, created_at, created_by) values (?, ?, ?, ?, ?, ?, ?, ?)",
                id, name, role.written(), tenant, DigestUtils.sha256Hex(secret), secret.substring(0, PREFIX.length() + 6), now, by.name());
        return new Created(find(id).orElseThrow(), secret);
    }

    /** The caller a presented key stands for, if it is one of ours and not revoked. */
    public Optional<Caller> authenticate(String presented) {
        if (!presented.startsWith(PREFIX)) {
            return Optional.empty();
        }
        Optional<Caller> caller = byHash.get(DigestUtils.sha256Hex(presented), hash -> jdbc.query(
                "select id, name, role, tenant from api_key where key_hash = ? and revoked_at is null", (rs, i) ->
                        new Caller(rs.getString(1), rs.getString(2), Role.parse(rs.getString(3)).orElseThrow(), rs.getString(4)), hash)
                .stream().findFirst());
        caller.ifPresent(c -> {
            if (touched.asMap().putIfAbsent(c.keyId(), Boolean.TRUE) == null) {
                jdbc.update("update api_key set last_used_at = ? where id = ?", utc(clock.instant()), c.keyId());
            }
        });
        return caller;
    }

    public List<KeyView> list(String tenant) {
        return jdbc.query(SELECT + (tenant == null ? "" : " where tenant = ?") + " order by created_at, id", (rs, i) -> view(rs),
                tenant == null ? new Object[0] : new Object[] {tenant});
    }

    public Optional<KeyView> find(String id) {
        return jdbc.query(SELECT + " where id = ?", (rs, i) -> view(rs), id).stream().findFirst();
    }

    /** Revokes the key (its row stays, for the audit); false if it was revoked already. */
    public boolean revoke(String id) {
        return jdbc.update("update api_key set revoked_at = ? where id = ? and revoked_at is null", utc(clock.instant()), id) == 1;
    }

    private static final String SELECT = "select id, name, role, tenant, key_prefix, created_at, created_by, last_used_at, revoked_at from api_key";

    private static KeyView view(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new KeyView(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5) + "…",
                rs.getObject(6, OffsetDateTime.class), rs.getString(7), rs.getObject(8, OffsetDateTime.class), rs.getObject(9, OffsetDateTime.class));
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}
