package dev.dispositions.gateway.dialer;

import dev.dispositions.gateway.canonical.Outcome;
import dev.dispositions.gateway.mapping.DialerMapping;
import java.util.Map;

/** A finished call's vendor label through the dialer file (with the tenant's labels): its outcome, or a 422. */
public final class Labels {
    private Labels() {
    }

    /**
     * @param field        where the label came from, named in a refusal
     * @param vendorLabels receives the label, and {@link DialerMapping#FALLBACK_FOR} when the fallback applied
     */
    public static Outcome outcome(DialerMapping mapping, String label, Integer durationSeconds, String field,
                                  Map<String, String> vendorLabels) {
        DialerMapping.Resolution r = mapping.resolve(label, durationSeconds);
        if (r.rejectReason() != null) {
            throw WebhookRejected.unprocessable("unknown_outcome", field, "'" + label + "': " + r.rejectReason());
        }
        vendorLabels.put("label", label);
        if (r.fallbackUsed()) {
            vendorLabels.put(DialerMapping.FALLBACK_FOR, label);
        }
        return r.outcome();
    }
}
