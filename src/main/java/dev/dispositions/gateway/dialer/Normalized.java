package dev.dispositions.gateway.dialer;

import dev.dispositions.gateway.canonical.CanonicalDisposition;
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
    }

    record Ignored(String reason) implements Normalized {
    }
}
