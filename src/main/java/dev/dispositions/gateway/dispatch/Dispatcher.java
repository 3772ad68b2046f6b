package dev.dispositions.gateway.dispatch;

import dev.dispositions.gateway.config.GatewayProperties;
import dev.dispositions.gateway.delivery.DeliveryBatch;
import dev.dispositions.gateway.delivery.DeliveryItem;
import dev.dispositions.gateway.delivery.DeliveryResult;
import dev.dispositions.gateway.store.ConnectorStates;
import dev.dispositions.gateway.store.Outbox;
import dev.dispositions.gateway.store.Redaction;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.util.concurrent.TimeUnit;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The steps of routes/dispatch.camel.yaml for one batch a lane ({@link DispatchLanes}) claimed: admit it through the
 * connector's circuit breaker, then settle each result: the retry policy decides the row's fate, and what a result
 * says about the connector itself (throttled, credentials refused, healthy again) is recorded for every instance.
 */
@Component("dispatcher")
public class Dispatcher {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

    private final Outbox outbox;
    private final RetryPolicy policy;
    private final GatewayProperties.Dispatch settings;
    private final Clock clock;
    private final ConnectorStates states;
    private final CircuitBreakerRegistry breakers;

    private final InFlight inFlight;
    private final DeliveryReports reports;
    private final DestinationHealth destinationHealth;
    private final FailureNotices failureNotices;

    public Dispatcher(Outbox outbox, RetryPolicy policy, GatewayProperties properties, Clock clock, ConnectorStates states,
                      InFlight inFlight, DeliveryReports reports, DestinationHealth destinationHealth, FailureNotices failureNotices) {
        this.destinationHealth = destinationHealth;
        this.failureNotices = failureNotices;
        this.inFlight = inFlight;
        this.reports = reports;
        this.outbox = outbox;
        this.policy = policy;
        this.settings = properties.dispatch();
        this.clock = clock;
        this.states = states;
        GatewayProperties.Breaker b = settings.breaker();
        this.breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(b.window())
                .minimumNumberOfCalls(b.minimumCalls())
                .failureRateThreshold(b.failureRatePercent())
                .waitDurationInOpenState(b.openFor())
                .permittedNumberOfCallsInHalfOpenState(b.probes())
                .build());
    }

    /** The breaker of one tenant's connector in this instance (CLOSED, OPEN, HALF_OPEN). */
    /** The connectors ({@code tenant/crm}) whose breaker on this replica is not closed: their rows wait for it. */
    public java.util.List<String> openBreakers() {
        return breakers.getAllCircuitBreakers().stream().filter(b -> b.getState() != CircuitBreaker.State.CLOSED)
                .map(CircuitBreaker::getName).toList();
    }

    public CircuitBreaker breaker(String tenant, String crm) {
        return breakers.circuitBreaker(tenant + "/" + crm);
    }

    /** Rows claimed whose call has a newer event: that event carries the call's final outcome and alone is written. */
    void skipSuperseded(List<Outbox.Claimed> superseded) {
        for (Outbox.Claimed c : superseded) {
            DeliveryBatch one = new DeliveryBatch(c.tenant(), c.crm(), List.of(c.item()));
            record(one, List.of(DeliveryResult.skipped(c.item(), "superseded by the call's newer event " + c.supersededBy())));
        }
    }

    /**
     * What of the batch the connector's breaker lets through: all of it while closed, a few probes while half-open,
     * nothing while open. Rows not let through are released, due when the breaker may let them pass, with no
     * attempt used. Null when nothing is to be sent.
     */
    public DeliveryBatch admit(DeliveryBatch batch) {
        if (!settings.breaker().enabled()) {
            return batch;
        }
        CircuitBreaker breaker = breaker(batch.tenant(), batch.crm());
        List<DeliveryItem> admitted = new ArrayList<>();
        List<Long> held = new ArrayList<>();
        for (DeliveryItem item : batch.items()) {
            if (breaker.tryAcquirePermission()) {
                admitted.add(item);
            } else {
                held.add(item.outboxId());
            }
        }
        if (!held.isEmpty()) {
            Instant now = clock.instant();
            outbox.release(held, now.plus(settings.breaker().openFor()), now);
            held.forEach(id -> inFlight.settled(id, now));
            log.info("connector {} of tenant {}: breaker {}, {} rows held", batch.crm(), batch.tenant(), breaker.getState(), held.size());
        }
        return admitted.isEmpty() ? null : new DeliveryBatch(batch.tenant(), batch.crm(), admitted);
    }

    public void record(DeliveryBatch batch, List<DeliveryResult> results) {
        Instant now = clock.instant();
        Map<Long, DeliveryItem> items = new java.util.HashMap<>();
        batch.items().forEach(i -> items.put(i.outboxId(), i));
        boolean accepted = false;
        DeliveryResult throttled = null;
        DeliveryResult refused = null;
        Map<DeliveryResult.Kind, Integer> byKind = new java.util.EnumMap<>(DeliveryResult.Kind.class);
        List<Outbox.Settled> settled = new ArrayList<>();
        for (DeliveryResult r : results) {
            DeliveryItem claimed = items.get(r.outboxId());
            // The attempts the row had when it was claimed: nothing else changes them while it is in flight here.
            int before = claimed != null ? claimed.attempt() - 1 : outbox.attemptsOf(r.outboxId());
            Outbox.Settlement s = policy.settle(r, before, now, dev.dispositions.gateway.config.Destination.isDestination(batch.crm()));
            InFlight.Landed landed = inFlight.settled(r.outboxId(), now);
            settled.add(new Outbox.Settled(claimed, batch.tenant(), batch.crm(), r, s, landed.inFlight().toMillis(), landed.claimant()));
        }
        // One transaction for the whole batch, before anything about it is counted or logged; a row this instance no
        // longer holds (its claim lapsed and another took it) is left to the one that does.
        for (Outbox.Settled done : outbox.settle(settled, now)) {
            DeliveryResult r = done.result();
            Outbox.Settlement s = done.settlement();
            feedBreaker(batch, r);
            switch (r.kind()) {
                case DONE, PERMANENT -> accepted = true;
                case THROTTLED -> throttled = throttled == null ? r : throttled;
                case AUTH -> refused = r;
                default -> { }
            }
            reports.delivered(batch, items.get(r.outboxId()), r, s, now);
            failureNotices.settled(done, now);
            byKind.merge(r.kind(), 1, Integer::sum);
        }
        reports.batch(batch, results.size(), byKind);
        destinationHealth.observed(batch, results, now);
        if (refused != null) {
            String why = Redaction.credentials(refused.detail());
            states.needsReauth(batch.tenant(), batch.crm(), why, now.plus(settings.retry().reauthProbe()), now);
            log.warn("connector {} of tenant {} NEEDS_REAUTH: {}; its rows are parked until its credentials work", batch.crm(),
                    batch.tenant(), why);
        } else if (throttled != null) {
            // The whole connector waits, not just this row: no request before the CRM's window has passed.
            states.throttled(batch.tenant(), batch.crm(), now.plus(policy.throttleWait(throttled.retryAfter())),
                    Redaction.credentials(throttled.detail()), now);
        } else if (accepted) {
            int unparked = states.healthy(batch.tenant(), batch.crm(), now);
            if (unparked > 0) {
                log.info("connector {} of tenant {} works again: {} parked rows are due", batch.crm(), batch.tenant(), unparked);
            }
        }
    }

    /** Only transient failures count against the breaker: a refused record or a rate limit says nothing about the CRM's health. */
    private void feedBreaker(DeliveryBatch batch, DeliveryResult r) {
        if (!settings.breaker().enabled()) {
            return;
        }
        CircuitBreaker breaker = breaker(batch.tenant(), batch.crm());
        switch (r.kind()) {
            case TRANSIENT -> breaker.onError(0, TimeUnit.MILLISECONDS, new TransientFailure(r.detail()));
            case THROTTLED, AUTH -> breaker.releasePermission();
            default -> breaker.onSuccess(0, TimeUnit.MILLISECONDS);
        }
    }

    /** How a transient delivery failure is recorded by the breaker (never thrown). */
    static final class TransientFailure extends RuntimeException {
        TransientFailure(String detail) {
            super(detail, null, false, false);
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
            results.add(DeliveryResult.notSent(item, DeliveryResult.Kind.TRANSIENT, detail));
        }
        record(batch, results);
    }
}
