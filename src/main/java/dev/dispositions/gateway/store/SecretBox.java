package dev.dispositions.gateway.store;

import dev.dispositions.gateway.config.GatewayProperties;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/** Secrets sealed for the database with AES-256-GCM under {@code gateway.token-key} (base64 of 32 bytes). */
@Component
public class SecretBox {
    private static final int NONCE = 12;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    public SecretBox(GatewayProperties properties) {
        if (properties.tokenKey() == null || properties.tokenKey().isBlank()) {
            this.key = null;
        } else {
            byte[] raw = Base64.getDecoder().decode(properties.tokenKey().reveal());
            if (raw.length != 32) {
                throw new IllegalStateException("gateway.token-key must be the base64 of 32 random bytes (AES-256), e.g. openssl rand -base64 32");
            }
            this.key = new SecretKeySpec(raw, "AES");
        }
    }

    /** Whether a token key is set: without one nothing can be sealed. */
    public boolean enabled() {
        return key != null;
    }

    public String seal(String plain) {
        if (key == null) {
            throw new IllegalStateException("no gateway.token-key to seal a secret with");
        }
        try {
            byte[] nonce = new byte[NONCE];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(NONCE + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal a secret", e);
        }
    }

    /** Empty when there is no key, or the value was sealed under another one (the key was changed). */
    public Optional<String> open(String sealed) {
        if (key == null || sealed == null) {
            return Optional.empty();
        }
        try {
            byte[] all = Base64.getDecoder().decode(sealed);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, all, 0, NONCE));
            return Optional.of(new String(cipher.doFinal(all, NONCE, all.length - NONCE), StandardCharsets.UTF_8));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * What the API shows of a secret: enough to tell two apart, nothing to recover it from. Keyed by the token key, so
     * someone who reads fingerprints cannot test guesses of a weak secret against them.
     */
    public String fingerprint(String plain) {
        if (key == null) {
            throw new IllegalStateException("no gateway.token-key to fingerprint a secret with");
        }
        byte[] fingerprintKey = new org.apache.commons.codec.digest.HmacUtils(org.apache.commons.codec.digest.HmacAlgorithms.HMAC_SHA_256,
                key.getEncoded()).hmac("fingerprint");
        return "hmac:" + new org.apache.commons.codec.digest.HmacUtils(org.apache.commons.codec.digest.HmacAlgorithms.HMAC_SHA_256,
                fingerprintKey).hmacHex(plain).substring(0, 12);
    }
}
