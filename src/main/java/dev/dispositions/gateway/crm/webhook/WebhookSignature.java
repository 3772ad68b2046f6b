package dev.dispositions.gateway.crm.webhook;

import dev.dispositions.gateway.signing.StandardWebhooksScheme;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a webhook destination's POST is signed: the Standard Webhooks scheme (standardwebhooks.com), as Svix sends it.
 * {@code webhook-id} is the delivery's id, the same on every retry, so a receiver can drop a repeat; during a
 * rotation the body carries one {@code v1,} signature per active secret, and a receiver holding either verifies.
 */
public final class WebhookSignature {
    public static final String ID = StandardWebhooksScheme.ID;
    public static final String TIMESTAMP = StandardWebhooksScheme.TIMESTAMP;
    public static final String SIGNATURE = StandardWebhooksScheme.SIGNATURE;

    private WebhookSignature() {
    }

    /**
     * The three headers for this body.
     *
     * @param secrets the endpoint's active secrets ({@code whsec_<base64>}), the current one first
     */
    public static Map<String, String> headers(List<String> secrets, String messageId, Instant at, byte[] body) {
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("a webhook destination needs a secret to sign with");
        }
        String timestamp = String.valueOf(at.getEpochSecond());
        List<String> signatures = new ArrayList<>();
        for (String secret : secrets) {
            signatures.add("v1," + Base64.getEncoder().encodeToString(StandardWebhooksScheme.sign(secret, messageId, timestamp, body)));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(ID, messageId);
        headers.put(TIMESTAMP, timestamp);
        headers.put(SIGNATURE, String.join(" ", signatures));
        return headers;
    }
}
