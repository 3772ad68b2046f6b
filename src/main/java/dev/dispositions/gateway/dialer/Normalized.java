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
            List<CanonicalValidator.Violation> violations = CanonicalValidator.validate(event);
            if (!violations.isEmpty()) {
                CanonicalValidator.Violation first = violations.get(0);
                throw WebhookRejected.unprocessable(first.reason(), fieldPrefix + first.field(), first.detail());
            }
            return new Calls(List.of(event), vendorEventId);
        }
    }

    record Ignored(String reason) implements Normalized {
    }
}
