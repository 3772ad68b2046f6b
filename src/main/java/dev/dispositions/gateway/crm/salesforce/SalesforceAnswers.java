package dev.dispositions.gateway.crm.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dispositions.gateway.crm.HttpReply;
import dev.dispositions.gateway.delivery.DeliveryItem;
import dev.dispositions.gateway.delivery.DeliveryResult;
import dev.dispositions.gateway.delivery.DeliveryResult.Kind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Salesforce's answers sorted into the gateway's retry classes, by its own status and error codes
 * (docs/sources.md#salesforce-errors): a whole request refused, or one record of a collection.
 */
final class SalesforceAnswers {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> THROTTLE_CODES = Set.of("REQUEST_LIMIT_EXCEEDED");
    private static final Set<String> AUTH_CODES = Set.of("INVALID_SESSION_ID", "INVALID_AUTH_HEADER");
    private static final Set<String> TRANSIENT_CODES = Set.of("UNABLE_TO_LOCK_ROW", "SERVER_UNAVAILABLE");
    /** How camel-salesforce words a failed token request ("Login error code:[invalid_client] ..."). */
    static final String LOGIN_ERROR = "Login error";

    private SalesforceAnswers() {
    }

    /** A request that was refused, or got no answer: the same for every item it carried. */
    static DeliveryResult failed(DeliveryItem item, String request, HttpReply reply) {
        if (!reply.answered()) {
            return DeliveryResult.failed(item, Kind.TRANSIENT, request, null, null, "cannot reach Salesforce: " + reply.failure(), null);
        }
        int status = reply.status();
        String body = reply.body();
        if (body != null && body.startsWith(LOGIN_ERROR)) {
            // A token endpoint that refuses (or is not where login-url says) needs an admin; one that is down does not.
            return DeliveryResult.failed(item, status >= 500 ? Kind.TRANSIENT : Kind.AUTH, request, status, null, firstLine(body), null);
        }
        List<String[]> errors = errors(body);
        List<String> codes = errors.stream().map(e -> e[0]).toList();
        Kind kind;
        if (codes.stream().anyMatch(THROTTLE_CODES::contains) || status == 429) {
            kind = Kind.THROTTLED;
        } else if (status == 401 || codes.stream().anyMatch(AUTH_CODES::contains)) {
            kind = Kind.AUTH;
        } else if (status >= 500 || codes.stream().anyMatch(TRANSIENT_CODES::contains)) {
            kind = Kind.TRANSIENT;
        } else {
            kind = Kind.PERMANENT;
        }
        String detail = errors.isEmpty() ? "HTTP " + status + (body == null || body.isBlank() ? "" : ": " + firstLine(body)) : describe(errors);
        return DeliveryResult.failed(item, kind, request, status, errors.isEmpty() ? null : body, detail, null);
    }

    /** One record of a collection that Salesforce refused ({@code success: false}), with its own errors. */
    static DeliveryResult recordFailed(DeliveryItem item, String request, int status, JsonNode result) {
        List<String[]> errors = new ArrayList<>();
        result.path("errors").forEach(e -> errors.add(error(e)));
        List<String> codes = errors.stream().map(e -> e[0]).toList();
        Kind kind = codes.stream().anyMatch(THROTTLE_CODES::contains) ? Kind.THROTTLED
                : codes.stream().anyMatch(TRANSIENT_CODES::contains) ? Kind.TRANSIENT : Kind.PERMANENT;
        return DeliveryResult.failed(item, kind, request, status, result.toString(),
                errors.isEmpty() ? "Salesforce refused the record without saying why" : describe(errors), null);
    }

    /** The error array Salesforce answers with: each error's code ({@code errorCode}, or {@code statusCode} in collections) and message. */
    private static List<String[]> errors(String body) {
        List<String[]> errors = new ArrayList<>();
        if (body == null || body.isBlank()) {
            return errors;
        }
        try {
            JsonNode node = JSON.readTree(body);
            if (node.isArray()) {
                node.forEach(e -> errors.add(error(e)));
            }
        } catch (IOException e) {
            // plain text (a proxy's 503 page): no codes
        }
        return errors;
    }

    /** An error's code, and its message with the fields it names (a picklist's, a required one's): the hints name them. */
    private static String[] error(JsonNode e) {
        JsonNode fields = e.path("fields");
        return new String[] {code(e), e.path("message").asText("")
                + (fields.isArray() && !fields.isEmpty() ? " " + fields.toString().replace("\"", "") : "")};
    }

    private static String code(JsonNode error) {
        return error.hasNonNull("errorCode") ? error.get("errorCode").asText() : error.path("statusCode").asText("");
    }

    private static String describe(List<String[]> errors) {
        return errors.stream().map(e -> e[0] + ": " + e[1]).reduce((a, b) -> a + "; " + b).orElse("");
    }

    static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
