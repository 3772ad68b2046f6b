package dev.dispositions.gateway.crm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A CRM's answer: status, body and headers, with the look-ups every REST connector needs.
 *
 * @param failure why no answer came (status 0): the connection failed, timed out or was refused; null otherwise
 */
public record HttpReply(int status, String body, Map<String, Object> headers, String failure) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public HttpReply {
        headers = headers == null ? Map.of() : headers;
    }

    public HttpReply(int status, String body, Map<String, Object> headers) {
        this(status, body, headers, null);
    }

    /** No answer: the request failed on the way (the CRM down, a timeout, a refused connection). */
    public static HttpReply unreachable(String why) {
        return new HttpReply(0, null, Map.of(), why);
    }

    public boolean answered() {
        return failure == null;
    }

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    /** A response header, whatever its case. */
    public String header(String name) {
        for (var e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name) && e.getValue() != null) {
                return e.getValue().toString();
            }
        }
        return null;
    }

    /** How long {@code Retry-After} asks to wait: seconds, or an HTTP date (RFC 9110); null when absent or unreadable. */
    public java.time.Duration retryAfter() {
        String h = header("Retry-After");
        if (h == null || h.isBlank()) {
            return null;
        }
        h = h.trim();
        if (h.matches("\\d{1,9}")) {
            return java.time.Duration.ofSeconds(Long.parseLong(h));
        }
        try {
            java.time.Duration d = java.time.Duration.between(java.time.Instant.now(),
                    java.time.ZonedDateTime.parse(h, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            return d.isNegative() ? java.time.Duration.ZERO : d;
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    /** A top-level field of a JSON body as text; null when absent or when the body is not JSON. */
    public String field(String name) {
        return field(body, name);
    }

    public static String field(String body, String name) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(body).path(name);
            return node.isMissingNode() || node.isNull() ? null : node.asText();
        } catch (IOException e) {
            return null;
        }
    }

    /** The names of an object's fields, in order (what an update set, for the event's note). */
    public static List<String> names(ObjectNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
