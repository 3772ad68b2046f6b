package dev.dispositions.gateway.dialer;

import dev.dispositions.gateway.canonical.CanonicalDisposition;
import dev.dispositions.gateway.canonical.CanonicalValidator;
import java.util.List;

/** What an adapter made of a webhook: call events to store, or a reason it is not a call event at all. */
public sealed interface Normalized permits Normalized.Calls, Normalized.Ignored {

    /**
     * @param vendorEventId the vendor's id for this delivery (null when it sends none; the body hash then keys
     *                      redeliveries)
     */
    record Calls(List<CanonicalDisposition> events, String vendorEventId) implements Normalized {
        public Calls {
            events = List.copyOf(events);
        }

        /**
         * One event, checked by {@link CanonicalValidator}; a violation is refused with 422 naming the field as the
         * vendor wrote it ({@code fieldPrefix} + canonical name, e.g. {@code $.callId}).
         */
        public static Calls validated(CanonicalDisposition event, String vendorEventId, String fieldPrefix) {
            return validated(event, vendorEventId, fieldPrefix, fieldPrefix + "vendorEventId");
        }

        /** @param eventIdField where the vendor's event id came from (a header, a path), named when it is too long */
        public static Calls validated(CanonicalDisposition event, String vendorEventId, String fieldPrefix, String eventIdField) {
            if (vendorEventId != null && vendorEventId.length() > CanonicalValidator.MAX_EVENT_ID) {
                throw WebhookRejected.unprocessable("invalid_value", eventIdField,
                        "an event id is at most " + CanonicalValidator.MAX_EVENT_ID + " characters");
            }
            List<CanonicalValidator.Violation> violations = CanonicalValidator.validate(event);
            if (!violations.isEmpty()) {
                CanonicalValidator.Violation first = violations.get(0);
                String field = first.field().equals("vendorEventId") ? eventIdField : fieldPrefix + first.field();
                throw WebhookRejected.unprocessable(first.reason(), field, first.detail());
            }
            return new Calls(List.of(event), vendorEventId);
        }
    }

    record Ignored(String reason) implements Normalized {
    }
}
