package dev.dispositions.gateway.destination;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dispositions.gateway.delivery.DeliveryItem;
import dev.dispositions.gateway.mapping.ActivityRenderer;
import dev.dispositions.gateway.mapping.CrmMapping;

/**
 * What every destination receives, a webhook's body or a Kafka record's value: the disposition event, versioned
 * (docs/destinations.md, docs/destinations/event.schema.json). {@code id} is the delivery's, the same on every retry
 * (and in {@code webhook-id}, or a record's {@code event-id} header), so a receiver drops a repeat.
 */
public final class DestinationEvents {
    /** Raised when the body changes in a way a receiver must adapt to; additions keep it. */
    public static final int VERSION = 1;
    public static final String DISPOSITION = "call.disposition";
    public static final String DO_NOT_CONTACT = "call.do-not-contact";
    /** A notice that another delivery of the call failed for good (the delivery-failures kind). */
    public static final String DELIVERY_FAILED = "delivery.failed";

    private DestinationEvents() {
    }

    /** {@code msg_<delivery>}: stable across retries, unique per event and destination. */
    public static String messageId(DeliveryItem item) {
        return messageId(item.outboxId());
    }

    public static String messageId(long outboxId) {
        return "msg_" + outboxId;
    }

    public static String type(DeliveryItem item) {
        return item.isFailureNotice() ? DELIVERY_FAILED : item.isDoNotContact() ? DO_NOT_CONTACT : DISPOSITION;
    }

    /** What a delivery sends, in a support person's words. */
    public static String describe(DeliveryItem item) {
        return item.isFailureNotice() ? "the notice of a failed delivery" : item.isDoNotContact() ? "the do-not-contact event" : "the disposition event";
    }

    public static String body(ObjectMapper json, CrmMapping mapping, DeliveryItem item) {
        ObjectNode body = json.createObjectNode();
        body.put("version", VERSION);
        body.put("type", type(item));
        body.put("id", messageId(item));
        body.put("tenant", item.event().tenant());
        body.put("eventId", item.eventId());
        if (ActivityRenderer.render(item.event(), mapping) instanceof ActivityRenderer.Activity a && a.fields().get("label") != null) {
            body.put("label", String.valueOf(a.fields().get("label")));
        }
        if (item.isFailureNotice() && item.note() != null) {
            try {
                body.set("failure", json.readTree(item.note()));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("a failure notice's note is not JSON", e);
            }
        }
        body.set("disposition", json.valueToTree(item.event()));
        return body.toString();
    }
}
