package dev.dispositions.gateway.crm;

import dev.dispositions.gateway.delivery.DeliveryResult;
import java.util.List;

/**
 * A delivery's next round: the calls to make now, and the items settled without a call (skipped by the mapping,
 * no person to write to). Both empty: every item has its result.
 */
public record Plan(List<CrmCall> calls, List<DeliveryResult> settled) {
    public static final Plan DONE = new Plan(List.of(), List.of());

    public Plan {
        calls = List.copyOf(calls);
        settled = List.copyOf(settled);
    }

    public boolean isDone() {
        return calls.isEmpty() && settled.isEmpty();
    }
}
