package dev.dispositions.gateway.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Due rows for one tenant's connector. A connector may send them one by one or in one bulk call. */
public record DeliveryBatch(String tenant, String crm, List<DeliveryItem> items) {
    public DeliveryBatch {
        items = List.copyOf(items);
    }

    /**
     * The connector that delivers it: a CRM's id is its connector's ({@code salesforce}); a destination's names the
     * connector and the destination ({@code webhook:ops-alerts}), so each destination has its own lanes, breaker and
     * state while one connector serves them all.
     */
    public static String connectorOf(String crm) {
        int colon = crm.indexOf(':');
        return colon < 0 ? crm : crm.substring(0, colon);
    }

    /** The connector whose route takes this batch ({@code direct:crm-<connector>-deliver}). */
    public String connector() {
        return connectorOf(crm);
    }

    /**
     * Sends the items one at a time, stopping at the first rate limit: the CRM asked for no more requests, so the
     * rest are answered THROTTLED without being sent (and wait, like the throttled one, without using an attempt).
     */
    public List<DeliveryResult> sendEach(Function<DeliveryItem, DeliveryResult> send) {
        List<DeliveryResult> results = new ArrayList<>();
        DeliveryResult throttled = null;
        for (DeliveryItem item : items) {
            if (throttled != null) {
                results.add(DeliveryResult.notSent(item, DeliveryResult.Kind.THROTTLED, "not sent: the CRM's rate limit was reached earlier in this batch", throttled.retryAfter()));
                continue;
            }
            DeliveryResult r = send.apply(item);
            results.add(r);
            if (r.kind() == DeliveryResult.Kind.THROTTLED) {
                throttled = r;
            }
        }
        return results;
    }
}
