package dev.dispositions.gateway.dialer;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A webhook as it arrived: who it is for, the exact bytes, and the headers (names lower-cased). Signatures are
 * computed over these, so nothing here is re-encoded.
 *
 * @param url the public URL the dialer called, including the query string (Twilio signs it)
 */
public record InboundWebhook(
        String tenant,
        String dialer,
        String url,
        String contentType,
        Map<String, String> headers,
        byte[] body,
        Instant receivedAt) {

    public InboundWebhook {
        Map<String, String> lower = new TreeMap<>();
        headers.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
        headers = Map.copyOf(lower);
    }

    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** Headers carry signatures and the body may carry tokens: neither is ever printed. */
    @Override
    public String toString() {
        return "InboundWebhook[tenant=" + tenant + ", dialer=" + dialer + ", contentType=" + contentType
                + ", bytes=" + body.length + "]";
    }
}
