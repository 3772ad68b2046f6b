package dev.dispositions.gateway.crm;

import java.util.List;

/** Due rows for one tenant's connector. A connector may send them one by one or in one bulk call. */
public record DeliveryBatch(String tenant, String crm, List<DeliveryItem> items) {
    public DeliveryBatch {
        items = List.copyOf(items);
    }
}
