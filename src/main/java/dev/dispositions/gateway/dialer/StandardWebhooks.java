package dev.dispositions.gateway.dialer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.apache.commons.codec.digest.HmacAlgorithms;
import org.apache.commons.codec.digest.HmacUtils;

/**
 * The Standard Webhooks signature scheme (standardwebhooks.com): {@code webhook-signature} holds one or more
 * space-separated {@code v1,<base64 HMAC-SHA256 of "id.timestamp.body">}; the secret is {@code whsec_<base64 key>};
 * the timestamp must be within the tolerance of now. Several signatures allow key rotation.
 */
public final class StandardWebhooks {
    public static final String ID = "webhook-id";
    public static final String TIMESTAMP = "webhook-timestamp";
    public static final String SIGNATURE = "webhook-signature";
    public static final Duration TOLERANCE = Duration.ofMinutes(5);
    private static final String SECRET_PREFIX = "whsec_";

    private StandardWebhooks() {
    }

    public static void verify(InboundWebhook webhook, String secret, Instant now) {
        verify(webhook, secret, now, TOLERANCE);
    }

    public static void verify(InboundWebhook webhook, String secret, Instant now, Duration tolerance) {
        String id = required(webhook, ID);
        String timestamp = required(webhook, TIMESTAMP);
        String signatures = required(webhook, SIGNATURE);
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            throw WebhookRejected.unauthorized("timestamp_invalid", TIMESTAMP, "must be whole seconds since the epoch");
        }
        // Compared as numbers: a timestamp of 17 digits is no Instant, and must be a 401 like any other stale one.
        if (seconds < now.getEpochSecond() - tolerance.toSeconds() || seconds > now.getEpochSecond() + tolerance.toSeconds()) {
            throw WebhookRejected.unauthorized("timestamp_out_of_tolerance", TIMESTAMP,
                    "the timestamp is more than " + tolerance.toSeconds() + " seconds from the gateway's clock");
        }
        byte[] expected = sign(secret, id, timestamp, webhook.body());
        for (String candidate : signatures.trim().split(" +")) {
            int comma = candidate.indexOf(',');
            if (comma < 0 || !"v1".equals(candidate.substring(0, comma))) {
                continue;
            }
            byte[] given;
            try {
                given = Base64.getDecoder().decode(candidate.substring(comma + 1));
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (MessageDigest.isEqual(expected, given)) {
                return;
            }
        }
        throw WebhookRejected.unauthorized("signature_invalid", SIGNATURE, "no v1 signature matches this body and secret");
    }

    /** The raw HMAC a sender puts after {@code v1,} (base64-encoded). */
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

    private static String required(InboundWebhook webhook, String header) {
        String value = webhook.header(header);
        if (value == null || value.isBlank()) {
            throw WebhookRejected.unauthorized("signature_missing", header, "the " + header + " header is required");
        }
        return value;
    }
}
