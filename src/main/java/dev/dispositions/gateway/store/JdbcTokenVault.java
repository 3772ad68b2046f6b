package dev.dispositions.gateway.store;

import dev.dispositions.gateway.config.GatewayProperties;
import dev.dispositions.gateway.delivery.TokenVault;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Run-time tokens in the database, encrypted with AES-256-GCM under {@code gateway.token-key} (base64 of 32 bytes).
 * {@link #rotate} holds the token's row lock while the CRM is asked for a new one, so replicas sharing the
 * database never spend the same single-use refresh token twice. Without a key, nothing is stored (a warning says so).
 */
@Repository
public class JdbcTokenVault implements TokenVault {
    private static final Logger log = LoggerFactory.getLogger(JdbcTokenVault.class);
    private static final int NONCE = 12;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    public JdbcTokenVault(JdbcTemplate jdbc, TransactionTemplate tx, Clock clock, GatewayProperties properties) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.clock = clock;
        if (properties.tokenKey() == null || properties.tokenKey().isBlank()) {
            this.key = null;
            log.warn("gateway.token-key is not set: CRM tokens obtained at run time are kept in memory only; a restart logs in again");
        } else {
            byte[] raw = Base64.getDecoder().decode(properties.tokenKey().reveal());
            if (raw.length != 32) {
                throw new IllegalStateException("gateway.token-key must be the base64 of 32 random bytes (AES-256), e.g. openssl rand -base64 32");
            }
            this.key = new SecretKeySpec(raw, "AES");
        }
    }

    @Override
    public boolean enabled() {
        return key != null;
    }

    @Override
    public Optional<String> read(String tenant, String crm, String name) {
        if (key == null) {
            return Optional.empty();
        }
        List<String> rows = jdbc.queryForList("select ciphertext from crm_token where tenant = ? and crm = ? and name = ?",
                String.class, tenant, crm, name);
        return rows.isEmpty() ? Optional.empty() : decrypt(rows.get(0));
    }

    @Override
    public String rotate(String tenant, String crm, String name, Function<Optional<String>, String> renew) {
        if (key == null) {
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
        try {
            byte[] nonce = new byte[NONCE];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(NONCE + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt a token", e);
        }
    }

    /** Empty when the value was sealed under another key (the key was changed): the connector logs in again. */
    private Optional<String> decrypt(String stored) {
        try {
            byte[] all = Base64.getDecoder().decode(stored);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, all, 0, NONCE));
            return Optional.of(new String(cipher.doFinal(all, NONCE, all.length - NONCE), StandardCharsets.UTF_8));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            log.warn("a stored CRM token cannot be decrypted with the current gateway.token-key; it is ignored");
            return Optional.empty();
        }
    }
}
