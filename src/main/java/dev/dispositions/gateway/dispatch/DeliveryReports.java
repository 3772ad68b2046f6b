package dev.dispositions.gateway.dispatch;

import dev.dispositions.gateway.delivery.DeliveryBatch;
import dev.dispositions.gateway.delivery.DeliveryItem;
import dev.dispositions.gateway.delivery.DeliveryResult;
import dev.dispositions.gateway.delivery.OutboxStatus;
import dev.dispositions.gateway.store.Outbox;
import dev.dispositions.gateway.store.Redaction;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * What is told about settled deliveries: the metrics of each, its log line (DEBUG when it went as planned, INFO when
 * not: thousands a second at load, and its story is in the database), and one INFO line per batch.
 */
@Component
class DeliveryReports {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    private final MeterRegistry meters;

    DeliveryReports(MeterRegistry meters) {
        this.meters = meters;
    }

    void delivered(DeliveryBatch batch, DeliveryItem item, DeliveryResult r, Outbox.Settlement s, Instant now) {
        meters.counter("gateway.deliveries", "tenant", batch.tenant(), "crm", batch.crm(), "result", r.kind().name()).increment();
        if (OutboxStatus.RETRYING.name().equals(s.status()) && r.kind() == DeliveryResult.Kind.TRANSIENT) {
            meters.counter("gateway.delivery.retries", "tenant", batch.tenant(), "crm", batch.crm()).increment();
        }
        if (s.deadReason() != null) {
            meters.counter("gateway.deliveries.dead_lettered", "tenant", batch.tenant(), "crm", batch.crm(), "reason", s.deadReason())
                    .increment();
        }
        if (r.kind() == DeliveryResult.Kind.DONE && item != null && item.acceptedAt() != null) {
            deliveryLatency(batch).record(Duration.between(item.acceptedAt(), now));
        }
        boolean asPlanned = r.kind() == DeliveryResult.Kind.DONE || r.kind() == DeliveryResult.Kind.SKIPPED;
        if (asPlanned && !log.isDebugEnabled()) {
            return;
        }
        // JSON logs carry these as fields: every line about a delivery names its tenant, CRM and event
        MDC.put("tenant", batch.tenant());
        MDC.put("crm", batch.crm());
        MDC.put("eventId", item == null ? null : item.eventId());
        try {
            String line = "event {} -> {} {} for tenant {}: {}{}{}";
            Object[] args = {item == null ? "?" : item.eventId(), batch.crm(), s.status(), batch.tenant(), r.kind(),
                    r.crmRecordId() == null ? "" : " record " + r.crmRecordId(),
                    r.detail() == null ? "" : " (" + Redaction.credentials(r.detail()) + ")"};
            if (asPlanned) {
                log.debug(line, args);
            } else {
                log.info(line, args);
            }
        } finally {
            MDC.remove("eventId");
            MDC.remove("tenant");
            MDC.remove("crm");
        }
    }

    void batch(DeliveryBatch batch, int size, Map<DeliveryResult.Kind, Integer> byKind) {
        MDC.put("tenant", batch.tenant());
        MDC.put("crm", batch.crm());
        try {
            log.info("batch of {} to {} for tenant {}: {}", size, batch.crm(), batch.tenant(), byKind);
        } finally {
            MDC.remove("tenant");
            MDC.remove("crm");
        }
    }

    /** From the webhook's 202 to the CRM's answer that wrote it, retries and waits included. */
    private Timer deliveryLatency(DeliveryBatch batch) {
        return Timer.builder("gateway.delivery.latency")
                .description("from the webhook's 202 to the CRM's answer that wrote it")
                .tags("tenant", batch.tenant(), "crm", batch.crm())
                .serviceLevelObjectives(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5),
                        Duration.ofSeconds(30), Duration.ofMinutes(5))
                .publishPercentileHistogram()
                .register(meters);
    }
}
