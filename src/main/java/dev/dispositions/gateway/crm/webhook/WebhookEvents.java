package dev.dispositions.gateway.crm.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dispositions.gateway.delivery.DeliveryItem;
import dev.dispositions.gateway.mapping.ActivityRenderer;
import dev.dispositions.gateway.mapping.CrmMapping;

/**
 * The body a destination receives: the disposition event, versioned (docs/destinations.md,
 * docs/destinations/event.schema.json). {@code id} is the delivery's, the same on every retry (and in
 * {@code webhook-id}), so a receiver drops a repeat.
 */
final class WebhookEvents {
    /** Raised when the body changes in a way a receiver must adapt to; additions keep it. */
    static final int VERSION = 1;
    static final String DISPOSITION = "call.disposition";
    static final String DO_NOT_CONTACT = "call.do-not-contact";

    private WebhookEvents() {
    }

    /** {@code msg_<delivery>}: stable across retries, unique per event and destination. */
    static String messageId(DeliveryItem item) {
        return "msg_" + item.outboxId();
    }

    static String body(ObjectMapper json, CrmMapping mapping, DeliveryItem item) {
        ObjectNode body = json.createObjectNode();
        body.put("version", VERSION);
        body.put("type", item.isDoNotContact() ? DO_NOT_CONTACT : DISPOSITION);
        body.put("id", messageId(item));
        body.put("tenant", item.event().tenant());
        body.put("eventId", item.eventId());
        if (ActivityRenderer.render(item.event(), mapping) instanceof ActivityRenderer.Activity a && a.fields().get("label") != null) {
            body.put("label", String.valueOf(a.fields().get("label")));
        }
        body.set("disposition", json.valueToTree(item.event()));
        return body.toString();
    }
}
