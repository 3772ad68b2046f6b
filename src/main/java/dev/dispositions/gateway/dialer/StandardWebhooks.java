package dev.dispositions.gateway.dialer;

import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * The Standard Webhooks signature scheme (standardwebhooks.com): {@code webhook-signature} holds one or more
 * space-separated {@code v1,<base64 HMAC-SHA256 of "id.timestamp.body">}; the secret is {@code whsec_<base64 key>};
 * the timestamp must be within the tolerance of now. Several signatures allow key rotation.
 */
public final class StandardWebhooks {
    public static final String ID = dev.dispositions.gateway.signing.StandardWebhooksScheme.ID;
    public static final String TIMESTAMP = dev.dispositions.gateway.signing.StandardWebhooksScheme.TIMESTAMP;
    public static final String SIGNATURE = dev.dispositions.gateway.signing.StandardWebhooksScheme.SIGNATURE;
    public static final Duration TOLERANCE = Duration.ofMinutes(5);

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
        return dev.dispositions.gateway.signing.StandardWebhooksScheme.sign(secret, id, timestamp, body);
    }

    private static String required(InboundWebhook webhook, String header) {
        String value = webhook.header(header);
        if (value == null || value.isBlank()) {
            throw WebhookRejected.unauthorized("signature_missing", header, "the " + header + " header is required");
        }
        return value;
    }
}
