package dev.dispositions.gateway.store;

import dev.dispositions.gateway.delivery.TokenVault;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Run-time tokens in the database, sealed by {@link SecretBox} (AES-256-GCM under {@code gateway.token-key}).
 * {@link #rotate} holds the token's row lock while the CRM is asked for a new one, so replicas sharing the
 * database never spend the same single-use refresh token twice. Without a key, nothing is stored (a warning says so).
 */
@Repository
public class JdbcTokenVault implements TokenVault {
    private static final Logger log = LoggerFactory.getLogger(JdbcTokenVault.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final SecretBox box;

    public JdbcTokenVault(JdbcTemplate jdbc, TransactionTemplate tx, Clock clock, SecretBox box) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.clock = clock;
        this.box = box;
        if (!box.enabled()) {
            log.warn("gateway.token-key is not set: CRM tokens obtained at run time are kept in memory only; a restart logs in again");
        }
    }

    @Override
    public boolean enabled() {
        return box.enabled();
    }

    @Override
    public Optional<String> read(String tenant, String crm, String name) {
        if (!box.enabled()) {
            return Optional.empty();
        }
        List<String> rows = jdbc.queryForList("select ciphertext from crm_token where tenant = ? and crm = ? and name = ?",
                String.class, tenant, crm, name);
        return rows.isEmpty() ? Optional.empty() : decrypt(rows.get(0));
    }

    @Override
    public String rotate(String tenant, String crm, String name, Function<Optional<String>, String> renew) {
        if (!box.enabled()) {
            return renew.apply(Optional.empty());
        }
        return tx.execute(status -> {
            jdbc.update("insert into crm_token (tenant, crm, name, ciphertext, updated_at) select ?, ?, ?, '', ? "
                            + "where not exists (select 1 from crm_token where tenant = ? and crm = ? and name = ?)",
                    tenant, crm, name, EventStore.utc(clock.instant()), tenant, crm, name);
            String stored = jdbc.queryForObject("select ciphertext from crm_token where tenant = ? and crm = ? and name = ? for update",
                    String.class, tenant, crm, name);
            String fresh = renew.apply(stored == null || stored.isEmpty() ? Optional.empty() : decrypt(stored));
            jdbc.update("update crm_token set ciphertext = ?, updated_at = ? where tenant = ? and crm = ? and name = ?",
                    encrypt(fresh), EventStore.utc(clock.instant()), tenant, crm, name);
            return fresh;
        });
    }

    private String encrypt(String plain) {
        return box.seal(plain);
    }

    /** Empty when the value was sealed under another key (the key was changed): the connector logs in again. */
    private Optional<String> decrypt(String stored) {
        Optional<String> plain = box.open(stored);
        if (plain.isEmpty()) {
            log.warn("a stored CRM token cannot be decrypted with the current gateway.token-key; it is ignored");
        }
        return plain;
    }
}
