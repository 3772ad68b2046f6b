package dev.dispositions.gateway.crm.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dispositions.gateway.crm.HttpReply;
import dev.dispositions.gateway.delivery.DeliveryItem;
import dev.dispositions.gateway.delivery.DeliveryResult;
import dev.dispositions.gateway.delivery.DeliveryResult.Kind;
import java.time.Duration;

/**
 * HubSpot's answers in the gateway's retry classes (docs/sources.md#hubspot-limits-and-errors): 429 throttled (waiting the
 * rate-limit window, or an hour for the daily limit), 401/403 auth, 5xx transient, other 4xx permanent with HubSpot's
 * category, message and correlation id; in a batch, each error's category for the inputs it names.
 */
final class HubspotAnswers {
    private HubspotAnswers() {
    }

    /** A request refused as a whole, or unanswered: the same for every item it carried. */
    static DeliveryResult failed(DeliveryItem item, String request, HttpReply reply) {
        if (!reply.answered()) {
            return DeliveryResult.failed(item, Kind.TRANSIENT, request, null, null, "cannot reach HubSpot: " + reply.failure(), null);
        }
        int status = reply.status();
        String detail = describe(reply);
        if (status == 429) {
            return DeliveryResult.failed(item, Kind.THROTTLED, request, status, reply.body(), detail, throttleWait(reply));
        }
        Kind kind = status == 401 || status == 403 ? Kind.AUTH : status >= 500 || status == 408 ? Kind.TRANSIENT : Kind.PERMANENT;
        return DeliveryResult.failed(item, kind, request, status, reply.body(), detail, null);
    }

    /** One error of a batch answer, for an input it names. */
    static DeliveryResult batchError(DeliveryItem item, String request, int status, JsonNode error) {
        String category = error.path("category").asText("");
        Kind kind = category.startsWith("RATE_LIMIT") ? Kind.THROTTLED
                : category.contains("UNAVAILABLE") || category.contains("INTERNAL") ? Kind.TRANSIENT : Kind.PERMANENT;
        return DeliveryResult.failed(item, kind, request, status, error.toString(), category + ": " + error.path("message").asText(),
                kind == Kind.THROTTLED ? Duration.ofSeconds(10) : null);
    }

    /** An input a batch answer did not mention: retried, never assumed written (writes here are upserts or idempotent). */
    static DeliveryResult unmentioned(DeliveryItem item, String request, int status, String what) {
        return DeliveryResult.failed(item, Kind.TRANSIENT, request, status, null, "HubSpot's batch answer did not mention this " + what
                + "; it is sent again", null);
    }

    /**
     * HubSpot names the limit it hit: the daily one resets at the portal's midnight (an hour's wait is the most
     * the policy allows anyway); the ten-secondly one is over within its interval.
     */
    static Duration throttleWait(HttpReply reply) {
        Duration retryAfter = reply.retryAfter();
        if (retryAfter != null) {
            return retryAfter;
        }
        if ("DAILY".equals(reply.field("policyName"))) {
            return Duration.ofHours(1);
        }
        String interval = reply.header("X-HubSpot-RateLimit-Interval-Milliseconds");
        return interval != null && interval.trim().matches("\\d+") ? Duration.ofMillis(Long.parseLong(interval.trim()))
                : Duration.ofSeconds(10);
    }

    /** HubSpot's error body, in its own words: category, message, correlation id. */
    static String describe(HttpReply reply) {
        String category = reply.field("category");
        if (category == null) {
            category = reply.field("errorType");
        }
        String message = reply.field("message");
        String correlation = reply.field("correlationId");
        if (message == null) {
            return "HTTP " + reply.status();
        }
        return (category == null ? "" : category + ": ") + message + (correlation == null ? "" : " (correlationId " + correlation + ")");
    }

    /**
     * HubSpot refused what the request carried (a conflict, a value it does not take), not who sent it or how often:
     * a 4xx other than 401, 403 and 429.
     */
    static boolean refusesContent(HttpReply answer) {
        int status = answer.status();
        return status >= 400 && status < 500 && status != 401 && status != 403 && status != 429;
    }

    static DeliveryResult done(HubspotRecords.Prepared p, String request, int status, JsonNode result, int folded) {
        String id = p.op() == HubspotRecords.Op.UPDATE ? p.id() : result.path("id").asText(null);
        DeliveryResult done = DeliveryResult.done(p.item(), id, request, status, result.toString());
        if (p.op() == HubspotRecords.Op.UPSERT && result.has("new") && !result.get("new").asBoolean()) {
            // Worth telling support when it happens: an earlier attempt had written the call and its answer was lost.
            done = done.noting("upserted onto the call already written for this dialer call");
        }
        if (folded > 1) {
            done = done.noting("one update for " + folded + " calls to this contact in the batch, the latest call's values");
        }
        return done.noting(p.note());
    }
}
