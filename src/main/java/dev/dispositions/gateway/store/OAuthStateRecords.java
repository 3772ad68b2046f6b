package dev.dispositions.gateway.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Authorizations started by "Connect with OAuth", each found by its state's hash, used at most once and only before
 * it expires, on whichever replica the CRM's redirect reaches.
 */
@Repository
public class OAuthStateRecords {
    private final JdbcTemplate jdbc;
    private final SecretBox box;

    public OAuthStateRecords(JdbcTemplate jdbc, SecretBox box) {
        this.jdbc = jdbc;
        this.box = box;
    }

    /** Who started it, for what; {@code verifier} is the PKCE verifier, opened (null without PKCE). */
    public record Started(String tenant, String crm, String login, String verifier, String actor, String actorKeyId, String actorRole) {
    }

    /** @param binding the value of the cookie the starting browser was given */
    public void start(String state, String binding, Started s, Instant now, Instant expires) {
        jdbc.update("insert into oauth_state (state_hash, binding_hash, tenant, crm, login, verifier_sealed, actor, actor_key_id, actor_role, "
                        + "created_at, expires_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", hash(state), hash(binding), s.tenant(), s.crm(), s.login(),
                s.verifier() == null ? null : box.seal(s.verifier()), s.actor(), s.actorKeyId(), s.actorRole(), EventStore.utc(now),
                EventStore.utc(expires));
    }

    /** What a callback's state and cookie find: the authorization, or why not. */
    public sealed interface Taken {
        record Found(Started started) implements Taken {
        }

        /** A live state, but this browser did not start it: it stays usable by the one that did. */
        record OtherBrowser() implements Taken {
        }

        /** Unknown, used, expired, or another CRM's. */
        record Nothing() implements Taken {
        }
    }

    /**
     * Takes the authorization the state names, once, in the browser that started it: a second use, an expired state or
     * one for another CRM finds nothing. Rows expired a day ago go at the same time.
     */
    @Transactional
    public Taken take(String state, String binding, String crm, Instant now) {
        jdbc.update("delete from oauth_state where expires_at < ?", EventStore.utc(now.minusSeconds(86_400)));
        String h = hash(state);
        int taken = jdbc.update("update oauth_state set used_at = ? where state_hash = ? and binding_hash = ? and crm = ? and used_at is null "
                + "and expires_at > ?", EventStore.utc(now), h, hash(binding == null ? "" : binding), crm, EventStore.utc(now));
        if (taken != 1) {
            Integer live = jdbc.queryForObject("select count(*) from oauth_state where state_hash = ? and crm = ? and used_at is null and expires_at > ?",
                    Integer.class, h, crm, EventStore.utc(now));
            return live != null && live > 0 ? new Taken.OtherBrowser() : new Taken.Nothing();
        }
        return jdbc.query("select tenant, crm, login, verifier_sealed, actor, actor_key_id, actor_role from oauth_state where state_hash = ?",
                (rs, i) -> new Started(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4) == null ? null : box.open(rs.getString(4)).orElse(null), rs.getString(5), rs.getString(6), rs.getString(7)),
                h).stream().findFirst().<Taken>map(Taken.Found::new).orElse(new Taken.Nothing());
    }

    /** A deleted tenant's Connects in progress go with it. */
    public void deleteTenant(String tenant) {
        jdbc.update("delete from oauth_state where tenant = ?", tenant);
    }

    private static String hash(String state) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(state.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
