package dev.dispositions.gateway.crm;

import dev.dispositions.gateway.delivery.DeliveryBatch;
import dev.dispositions.gateway.delivery.DeliveryItem;
import dev.dispositions.gateway.delivery.DeliveryResult;
import dev.dispositions.gateway.mapping.CrmMapping;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One batch on its way to a CRM, round by round: what the look-ups found and which items have their result. The
 * route template keeps it; a connector's {@code plan} and {@code read} only read it.
 */
public final class Delivery {
    private final DeliveryBatch batch;
    private final CrmMapping mapping;
    private final LookupCache cache;
    private final boolean preview;
    private final Map<Long, DeliveryResult> results = new LinkedHashMap<>();
    private final Map<String, Reading.Fact> facts = new HashMap<>();
    private final Map<Long, DeliveryItem> items = new LinkedHashMap<>();
    private final List<CrmCall> previewed = new ArrayList<>();
    private volatile DeliveryResult throttled;
    private int rounds;

    public Delivery(DeliveryBatch batch, CrmMapping mapping, LookupCache cache, boolean preview) {
        this.batch = batch;
        this.mapping = mapping;
        this.cache = cache;
        this.preview = preview;
        batch.items().forEach(i -> items.put(i.outboxId(), i));
    }

    public String tenant() {
        return batch.tenant();
    }

    public String crm() {
        return batch.crm();
    }

    public CrmMapping mapping() {
        return mapping;
    }

    public DeliveryItem item(long outboxId) {
        return items.get(outboxId);
    }

    /** Items still without a result, in the batch's order. */
    public List<DeliveryItem> open() {
        List<DeliveryItem> open = new ArrayList<>();
        items.values().forEach(i -> {
            if (!results.containsKey(i.outboxId())) {
                open.add(i);
            }
        });
        return open;
    }

    /** What a look-up of this delivery, or a recent one of the tenant, found under this key; empty: not looked up yet. */
    public Optional<Reading.Fact> fact(String key) {
        Reading.Fact here = facts.get(key);
        return here != null ? Optional.of(here) : cache.get(tenant(), crm(), key);
    }

    /** Whether a look-up of this very delivery found the fact (not a recent one's, which may be out of date). */
    public boolean foundHere(String key) {
        return facts.containsKey(key);
    }

    /** Whether this is a preview: writes are shown, not sent. */
    public boolean isPreview() {
        return preview;
    }

    /** The CRM's rate limit answered earlier in this delivery: no more requests until it has passed. */
    public Optional<DeliveryResult> throttled() {
        return Optional.ofNullable(throttled);
    }

    public int rounds() {
        return rounds;
    }

    void nextRound() {
        rounds++;
    }

    /** A call of the round being sent was throttled: the round's other calls are not sent either. */
    void throttledBy(DeliveryResult result) {
        if (throttled == null) {
            throttled = result;
        }
    }

    void settle(DeliveryResult result) {
        if (items.containsKey(result.outboxId()) && !results.containsKey(result.outboxId())) {
            results.put(result.outboxId(), result);
            if (result.kind() == DeliveryResult.Kind.THROTTLED && throttled == null) {
                throttled = result;
            }
        }
    }

    void absorb(Reading reading) {
        reading.results().forEach(this::settle);
        reading.facts().forEach(f -> {
            facts.put(f.key(), f);
            if (!preview) {
                cache.put(tenant(), crm(), f);
            }
        });
    }

    /** One result per item: an item no round settled (a connector that stopped planning) is retried. */
    List<DeliveryResult> results() {
        List<DeliveryResult> all = new ArrayList<>();
        items.values().forEach(i -> all.add(results.getOrDefault(i.outboxId(),
                DeliveryResult.notSent(i, DeliveryResult.Kind.TRANSIENT, "the connector planned nothing more for this item; it is sent again"))));
        return all;
    }

    /** What the look-ups of this delivery found. */
    public Map<String, Reading.Fact> facts() {
        return Map.copyOf(facts);
    }

    /** In a preview: the look-ups that were made and the writes that would have been sent, in order. */
    public List<CrmCall> previewed() {
        synchronized (previewed) {
            return List.copyOf(previewed);
        }
    }

    /** The results each item has so far. */
    public Map<Long, DeliveryResult> settled() {
        return Map.copyOf(results);
    }

    void previewed(CrmCall call) {
        synchronized (previewed) {
            previewed.add(call);
        }
    }
}
