package dev.dispositions.gateway.dispatch;

import dev.dispositions.gateway.config.GatewayProperties;
import dev.dispositions.gateway.crm.DeliveryBatch;
import dev.dispositions.gateway.crm.DeliveryItem;
import dev.dispositions.gateway.crm.DeliveryResult;
import dev.dispositions.gateway.store.Outbox;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** The steps of routes/dispatch.camel.yaml: claim due rows as per-connector batches, then settle each result. */
@Component("dispatcher")
public class Dispatcher {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    private final Outbox outbox;
    private final RetryPolicy policy;
    private final GatewayProperties.Dispatch settings;
    private final Clock clock;

    public Dispatcher(Outbox outbox, RetryPolicy policy, GatewayProperties properties, Clock clock) {
        this.outbox = outbox;
        this.policy = policy;
        this.settings = properties.dispatch();
        this.clock = clock;
    }

    public List<DeliveryBatch> claimDueBatches() {
        Map<String, List<Outbox.Claimed>> byConnector = new LinkedHashMap<>();
        for (Outbox.Claimed c : outbox.claimDue(settings.batchSize(), settings.lease(), clock.instant())) {
            if (c.supersededBy() != null) {
                // A newer event of the same call carries the final outcome; it alone is written.
                DeliveryBatch one = new DeliveryBatch(c.tenant(), c.crm(), List.of(c.item()));
                record(one, List.of(DeliveryResult.skipped(c.item(), "superseded by the call's newer event " + c.supersededBy())));
                continue;
            }
            byConnector.computeIfAbsent(c.tenant() + "\n" + c.crm(), k -> new ArrayList<>()).add(c);
        }
        return byConnector.values().stream()
                .map(rows -> new DeliveryBatch(rows.get(0).tenant(), rows.get(0).crm(),
                        rows.stream().map(Outbox.Claimed::item).toList()))
                .toList();
    }

    public void record(DeliveryBatch batch, List<DeliveryResult> results) {
        Instant now = clock.instant();
        Map<Long, DeliveryItem> items = new java.util.HashMap<>();
        batch.items().forEach(i -> items.put(i.outboxId(), i));
        for (DeliveryResult r : results) {
            int before = outbox.attemptsOf(r.outboxId());
            Outbox.Settlement s = policy.settle(r, before, now);
            outbox.settle(r, s, now);
            DeliveryItem item = items.get(r.outboxId());
            log.info("event {} -> {} {} for tenant {}: {}{}{}", item == null ? "?" : item.eventId(), batch.crm(), s.status(),
                    batch.tenant(), r.kind(), r.crmRecordId() == null ? "" : " record " + r.crmRecordId(),
                    r.detail() == null ? "" : " (" + r.detail() + ")");
        }
    }

    /** A connector threw instead of answering per item: every item of its batch is retried. */
    public void recordBatchFailure(DeliveryBatch batch, Exception failure) {
        if (batch == null) {
            log.warn("dispatch cycle failed before a batch was formed: {}", failure.toString());
            return;
        }
        log.warn("connector {} of tenant {} failed a whole batch: {}", batch.crm(), batch.tenant(), failure.toString());
        String detail = "connector error: " + failure.getClass().getSimpleName();
        List<DeliveryResult> results = new ArrayList<>();
        for (DeliveryItem item : batch.items()) {
            results.add(DeliveryResult.failed(item, DeliveryResult.Kind.TRANSIENT, null, null, null, detail, null));
        }
        record(batch, results);
    }
}
