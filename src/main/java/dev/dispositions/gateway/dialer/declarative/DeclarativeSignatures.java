package dev.dispositions.gateway.dialer.declarative;

import dev.dispositions.gateway.dialer.InboundWebhook;
import dev.dispositions.gateway.dialer.WebhookRejected;
import dev.dispositions.gateway.mapping.DeclarativeDialer.Signature;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.function.Supplier;
import org.apache.commons.codec.DecoderException;
import org.apache.commons.codec.binary.Hex;
import org.apache.commons.codec.digest.HmacAlgorithms;
import org.apache.commons.codec.digest.HmacUtils;

/** The HMAC and token schemes a declarative dialer's file may name; comparisons are constant-time. */
final class DeclarativeSignatures {
    private DeclarativeSignatures() {
    }

    static void verifyHmac(InboundWebhook webhook, Signature s, String secret) {
        String given = webhook.header(s.header());
        if (given == null || given.isBlank()) {
            throw WebhookRejected.unauthorized("signature_missing", s.header(), "the " + s.header() + " header is required");
        }
        given = given.trim();
        if (s.prefix() != null && given.startsWith(s.prefix())) {
            given = given.substring(s.prefix().length());
        }
        byte[] givenBytes;
        try {
            givenBytes = "hex".equals(s.encoding()) ? Hex.decodeHex(given) : Base64.getDecoder().decode(given);
        } catch (DecoderException | IllegalArgumentException e) {
            throw WebhookRejected.unauthorized("signature_invalid", s.header(), "the signature is not " + s.encoding());
        }
        HmacAlgorithms algorithm = switch (s.algorithm()) {
            case "sha1" -> HmacAlgorithms.HMAC_SHA_1;
            case "sha512" -> HmacAlgorithms.HMAC_SHA_512;
            default -> HmacAlgorithms.HMAC_SHA_256;
        };
        byte[] expected = new HmacUtils(algorithm, secret.getBytes(StandardCharsets.UTF_8)).hmac(webhook.body());
        if (!MessageDigest.isEqual(expected, givenBytes)) {
            throw WebhookRejected.unauthorized("signature_invalid", s.header(), "the HMAC does not match this body and secret");
        }
    }

    static void verifyToken(InboundWebhook webhook, Signature s, String secret, Supplier<Payload> payload) {
        String given;
        String where;
        if (s.header() != null) {
            given = webhook.header(s.header());
            where = s.header();
        } else {
            where = s.path();
            try {
                given = payload.get().text(s.path());
            } catch (WebhookRejected unreadable) {
                given = null;
            }
        }
        if (given == null || given.isEmpty()) {
            throw WebhookRejected.unauthorized("signature_missing", where, "the webhook's token is missing");
        }
        if (!MessageDigest.isEqual(secret.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8))) {
            throw WebhookRejected.unauthorized("signature_invalid", where, "the token does not match");
        }
    }
}
