package dev.dispositions.gateway.crm.bullhorn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dispositions.gateway.crm.HttpReply;
import dev.dispositions.gateway.delivery.DeliveryItem;
import dev.dispositions.gateway.delivery.DeliveryResult;
import dev.dispositions.gateway.delivery.DeliveryResult.Kind;
import java.io.IOException;
import java.time.Duration;

/**
 * Bullhorn's answers in the gateway's retry classes: 429 waits a second (Bullhorn: "wait 1 second then retry"), 401 auth
 * (after the session was renewed once), 5xx transient, other 4xx permanent with Bullhorn's own message.
 */
final class BullhornAnswers {
    private static final ObjectMapper JSON = new ObjectMapper();

    private BullhornAnswers() {
    }

    /**
     * @param recordId the record the write updated (an update answers with it too), or null for a create, whose new id
     *                 Bullhorn answers in {@code changedEntityId}
     */
    static DeliveryResult classify(DeliveryItem item, String request, HttpReply reply, String recordId) {
        if (!reply.answered()) {
            return DeliveryResult.failed(item, Kind.TRANSIENT, request, null, null, "cannot reach Bullhorn: " + reply.failure(), null);
        }
        int status = reply.status();
        if (reply.isSuccess()) {
            return DeliveryResult.done(item, recordId != null ? recordId : reply.field("changedEntityId"), request, status, reply.body());
        }
        String detail = describe(reply);
        if (status == 429) {
            return DeliveryResult.failed(item, Kind.THROTTLED, request, status, reply.body(), detail, Duration.ofSeconds(1));
        }
        Kind kind = status == 401 ? Kind.AUTH : status >= 500 ? Kind.TRANSIENT : Kind.PERMANENT;
        return DeliveryResult.failed(item, kind, request, status, reply.body(), detail, null);
    }

    /** Bullhorn documents no error schema; these are the fields real answers carry (docs/sources.md#bullhorn-errors). */
    static String describe(HttpReply reply) {
        StringBuilder d = new StringBuilder();
        String message = reply.field("errorMessage");
        String key = reply.field("errorMessageKey");
        if (key != null) {
            d.append(key).append(": ");
        }
        d.append(message != null ? message : "HTTP " + reply.status());
        try {
            for (JsonNode m : JSON.readTree(reply.body() == null ? "{}" : reply.body()).path("messages")) {
                d.append("; ").append(m.path("propertyName").asText("")).append(' ').append(m.path("detailMessage").asText(""));
            }
        } catch (IOException ignored) {
            // a body that is not JSON adds nothing
        }
        return d.toString().trim();
    }

    /** The {@code data} array of a {@code query/<Entity>} answer; null when it failed or is not JSON. */
    static JsonNode queryData(HttpReply answer) {
        if (!answer.isSuccess()) {
            return null;
        }
        try {
            return JSON.readTree(answer.body()).path("data");
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /** A value in a query's {@code where}, quoted as JPQL quotes it. */
    static String quoted(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
