package dev.dispositions.gateway.signing;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.apache.commons.codec.digest.HmacAlgorithms;
import org.apache.commons.codec.digest.HmacUtils;

/**
 * The Standard Webhooks scheme (standardwebhooks.com), both ways: the generic dialer's webhooks are verified with
 * it, and webhook destinations are signed with it. One place for the headers and the HMAC.
 */
public final class StandardWebhooksScheme {
    public static final String ID = "webhook-id";
    public static final String TIMESTAMP = "webhook-timestamp";
    public static final String SIGNATURE = "webhook-signature";
    public static final String SECRET_PREFIX = "whsec_";

    private StandardWebhooksScheme() {
    }

    /**
     * The raw HMAC-SHA256 of {@code id.timestamp.body} that follows {@code v1,} (base64-encoded).
     *
     * @param secret {@code whsec_<base64>}, or the base64 alone
     * @throws IllegalStateException when the secret is not base64
     */
    public static byte[] sign(String secret, String id, String timestamp, byte[] body) {
        String key = secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
        byte[] keyBytes;
        try {
            keyBytes = Base64.getDecoder().decode(key);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("a Standard Webhooks secret is 'whsec_' followed by base64");
        }
        byte[] prefix = (id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
        byte[] signed = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, signed, 0, prefix.length);
        System.arraycopy(body, 0, signed, prefix.length, body.length);
        return new HmacUtils(HmacAlgorithms.HMAC_SHA_256, keyBytes).hmac(signed);
    }
}
