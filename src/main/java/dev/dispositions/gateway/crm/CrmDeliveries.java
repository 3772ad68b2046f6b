package dev.dispositions.gateway.crm;

import dev.dispositions.gateway.delivery.DeliveryBatch;
import dev.dispositions.gateway.delivery.DeliveryItem;
import dev.dispositions.gateway.delivery.DeliveryResult;
import dev.dispositions.gateway.delivery.DeliveryResult.Kind;
import dev.dispositions.gateway.mapping.CrmMapping;
import dev.dispositions.gateway.overlay.TenantMappings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.camel.Exchange;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * The steps of the connector route template ({@link CrmDeliveryRoutes}): start a delivery, plan its rounds, prepare
 * and send each call through the connector's transport, read each answer, and hand back one result per item.
 */
@Component("crmDeliveries")
public class CrmDeliveries {
    static final String DELIVERY = "crmDelivery";
    static final String CALLS = "crmCalls";
    static final String CALL = "crmCall";
    static final String ENDPOINT = "crmEndpoint";
    static final String SEND_AGAIN = "crmSendAgain";
    static final String PREVIEW = "crmPreview";
    /** A preview's candidate mapping (a dry run of an unsaved overlay) instead of the tenant's own. */
    static final String PREVIEW_MAPPING = "crmPreviewMapping";
    private static final String READING = "crmReading";
    private static final String ANSWER = "crmAnswer";
    private static final String RENEWED = "crmRenewed";
    private static final String SENT_AT = "crmSentAt";
    /** Enough for look-ups and writes of a full batch sent one call at a time; a connector planning more is broken. */
    private static final int MAX_ROUNDS = 500;

    private final CrmRegistry connectors;
    private final TenantMappings mappings;
    private final LookupCache cache;
    private final CrmMetrics metrics;

    private final ThrottleHolds holds;

    public CrmDeliveries(@Lazy CrmRegistry connectors, TenantMappings mappings, LookupCache cache, CrmMetrics metrics, ThrottleHolds holds) {
        this.holds = holds;
        this.connectors = connectors;
        this.mappings = mappings;
        this.cache = cache;
        this.metrics = metrics;
    }

    public Delivery start(Exchange exchange) {
        DeliveryBatch batch = exchange.getMessage().getBody(DeliveryBatch.class);
        boolean preview = Boolean.TRUE.equals(exchange.getProperty(PREVIEW, Boolean.class));
        CrmMapping candidate = preview ? exchange.getProperty(PREVIEW_MAPPING, CrmMapping.class) : null;
        return new Delivery(batch, candidate != null ? candidate : mappings.crm(batch.tenant(), batch.crm()).orElseThrow(), cache, preview);
    }

    /** Plans the next round; false once every item has its result. Rounds that settle items without a call follow at once. */
    public boolean planNext(Exchange exchange) {
        Delivery delivery = exchange.getProperty(DELIVERY, Delivery.class);
        CrmConnector connector = connector(delivery);
        while (!delivery.open().isEmpty()) {
            if (delivery.rounds() >= MAX_ROUNDS) {
                return false; // what is still open is retried (Delivery#results)
            }
            delivery.nextRound();
            Plan plan = connector.plan(delivery);
            plan.settled().forEach(delivery::settle);
            if (!plan.calls().isEmpty()) {
                exchange.setProperty(CALLS, plan.calls());
                return true;
            }
            if (plan.isDone()) {
                return false;
            }
        }
        return false;
    }

    /** Readies one call: the endpoint and the request, or the reading that stands in for sending it. */
    public void prepare(Exchange exchange) {
        Delivery delivery = exchange.getProperty(DELIVERY, Delivery.class);
        CrmCall call = exchange.getProperty(CALL, CrmCall.class);
        exchange.setProperty(SEND_AGAIN, false);
        exchange.setProperty(ENDPOINT, null);
        exchange.removeProperty(Exchange.EXCEPTION_CAUGHT);
        if (delivery.throttled().isPresent()) {
            Duration wait = delivery.throttled().get().retryAfter();
            exchange.setProperty(READING, settleAll(delivery, call, i -> DeliveryResult.notSent(i, Kind.THROTTLED,
                    "not sent: the CRM's rate limit was reached earlier in this delivery", wait)));
            return;
        }
        var held = delivery.isPreview() ? java.util.Optional.<Duration>empty() : holds.remaining(delivery.tenant(), delivery.crm());
        if (held.isPresent()) {
            exchange.setProperty(READING, settleAll(delivery, call, i -> DeliveryResult.notSent(i, Kind.THROTTLED,
                    "not sent: the CRM's rate limit was reached by another batch in flight", held.get())));
            return;
        }
        if (delivery.isPreview() && call.writes()) {
            exchange.setProperty(READING, settleAll(delivery, call, i -> DeliveryResult.skipped(i, "preview: not sent")));
            return;
        }
        if (delivery.isPreview()) {
            delivery.previewed(call); // a look-up: made, as a delivery would
        }
        try {
            exchange.setProperty(ENDPOINT, connector(delivery).transport().prepare(delivery.tenant(), call, exchange.getMessage()));
            exchange.setProperty(SENT_AT, System.nanoTime());
        } catch (CrmTransport.CredentialsRefused e) {
            HttpReply r = e.reply();
            exchange.setProperty(READING, settleAll(delivery, call, i -> DeliveryResult.failed(i, Kind.AUTH, null,
                    r == null ? null : r.status(), r == null ? null : r.body(), e.getMessage(), null)));
        } catch (CrmTransport.Paced e) {
            exchange.setProperty(READING, settleAll(delivery, call, i -> DeliveryResult.notSent(i, Kind.THROTTLED, e.getMessage(), e.waitFor())));
        } catch (CrmTransport.CredentialsUnavailable e) {
            exchange.setProperty(READING, settleAll(delivery, call, i -> DeliveryResult.notSent(i, Kind.TRANSIENT, e.getMessage())));
        } catch (CrmTransport.NotAllowed e) {
            exchange.setProperty(READING, settleAll(delivery, call, i -> DeliveryResult.notSent(i, Kind.PERMANENT, e.getMessage())));
        }
    }

    /** Takes the answer; after a first 401 whose credentials the transport renewed, asks for the call to be sent once more. */
    public void answer(Exchange exchange) {
        if (exchange.getProperty(READING) != null) {
            return;
        }
        Delivery delivery = exchange.getProperty(DELIVERY, Delivery.class);
        CrmTransport transport = connector(delivery).transport();
        HttpReply reply = transport.answer(delivery.tenant(), exchange.getMessage(),
                exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class));
        Long sentAt = exchange.getProperty(SENT_AT, Long.class);
        metrics.request(delivery.crm(), reply.status(), Duration.ofNanos(sentAt == null ? 0 : System.nanoTime() - sentAt));
        if (reply.status() == 401 && exchange.getProperty(RENEWED) == null) {
            exchange.setProperty(RENEWED, true);
            if (transport.renew(delivery.tenant(), exchange)) {
                exchange.setProperty(SEND_AGAIN, true);
                return;
            }
        }
        exchange.setProperty(ANSWER, reply);
    }

    public Reading read(Exchange exchange) {
        Reading ready = exchange.getProperty(READING, Reading.class);
        if (ready != null) {
            return ready;
        }
        Delivery delivery = exchange.getProperty(DELIVERY, Delivery.class);
        CrmCall call = exchange.getProperty(CALL, CrmCall.class);
        Reading reading = connector(delivery).read(delivery, call, exchange.getProperty(ANSWER, HttpReply.class));
        // The CRM asked for no more requests: the rest of this round waits too.
        reading.results().stream().filter(r -> r.kind() == Kind.THROTTLED).findFirst().ifPresent(r -> {
            delivery.throttledBy(r);
            if (!delivery.isPreview()) {
                holds.throttled(delivery.tenant(), delivery.crm(), r); // and the connector's other batches in flight
            }
        });
        return reading;
    }

    public void absorb(Exchange exchange) {
        Delivery delivery = exchange.getProperty(DELIVERY, Delivery.class);
        List<?> readings = exchange.getMessage().getBody(List.class);
        if (readings != null) {
            readings.forEach(r -> delivery.absorb((Reading) r));
        }
    }

    public List<DeliveryResult> results(Exchange exchange) {
        return exchange.getProperty(DELIVERY, Delivery.class).results();
    }

    private static Reading settleAll(Delivery delivery, CrmCall call, Function<DeliveryItem, DeliveryResult> result) {
        List<DeliveryResult> results = new ArrayList<>();
        for (long id : call.items()) {
            DeliveryItem item = delivery.item(id);
            if (item != null) {
                results.add(result.apply(item));
            }
        }
        if (delivery.isPreview() && call.writes()) {
            delivery.previewed(call);
        }
        return Reading.settled(results);
    }

    private CrmConnector connector(Delivery delivery) {
        return connectors.find(delivery.crm()).orElseThrow();
    }
}
