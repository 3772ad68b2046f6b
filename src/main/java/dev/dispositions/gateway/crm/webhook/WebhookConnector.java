package dev.dispositions.gateway.crm.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dispositions.gateway.config.Destination;
import dev.dispositions.gateway.config.TenantDirectory;
import dev.dispositions.gateway.crm.CrmCall;
import dev.dispositions.gateway.crm.DestinationConnector;
import dev.dispositions.gateway.crm.CrmTransport;
import dev.dispositions.gateway.crm.Delivery;
import dev.dispositions.gateway.crm.HttpReply;
import dev.dispositions.gateway.crm.InstallCheck;
import dev.dispositions.gateway.crm.Plan;
import dev.dispositions.gateway.crm.Reading;
import dev.dispositions.gateway.delivery.DeliveryItem;
import dev.dispositions.gateway.delivery.DeliveryResult;
import dev.dispositions.gateway.delivery.DeliveryResult.Kind;
import dev.dispositions.gateway.destination.DestinationEvents;
import dev.dispositions.gateway.destination.DestinationGuard;
import dev.dispositions.gateway.mapping.CrmMapping;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * A tenant's webhook destination, as a connector: each delivery is one signed POST of the disposition event to the
 * endpoint, through the outbox like a CRM's (retries, {@code Retry-After} on 429, the breaker, dead letters, replay,
 * pause). Its connector id is {@code webhook:<destination>}, so each endpoint has its own lanes, breaker and state.
 */
@Component
public class WebhookConnector extends DestinationConnector {
    private static final int RESPONSE_KEPT = 2000;

    private final WebhookTransport transport;
    private final DestinationGuard guard;
    private final ObjectMapper json;

    WebhookConnector(WebhookTransport transport, TenantDirectory tenants, DestinationGuard guard, ObjectMapper json) {
        super(tenants);
        this.transport = transport;
        this.guard = guard;
        this.json = json;
    }

    @Override
    public String id() {
        return Destination.WEBHOOK;
    }

    @Override
    public int batchSize(String tenant) {
        return 20;
    }

    @Override
    public CrmTransport transport() {
        return transport;
    }

    @Override
    public Plan plan(Delivery delivery) {
        List<CrmCall> calls = delivery.open().stream().map(item -> CrmCall.write("POST " + DestinationEvents.describe(item), "POST", delivery.crm(), DestinationEvents.body(json, delivery.mapping(), item),
                List.of(CrmCall.Part.of(DestinationEvents.messageId(item), item.outboxId())))).toList();
        return new Plan(calls, List.of());
    }

    @Override
    public Reading read(Delivery delivery, CrmCall call, HttpReply answer) {
        DeliveryItem item = delivery.item(call.items().get(0));
        String response = answer.body() == null ? null : answer.body().length() > RESPONSE_KEPT ? answer.body().substring(0, RESPONSE_KEPT) : answer.body();
        int status = answer.status();
        DeliveryResult r;
        if (!answer.answered()) {
            r = DeliveryResult.failed(item, Kind.TRANSIENT, call.body(), null, null, "the endpoint could not be reached: " + answer.failure(), null);
        } else if (status >= 200 && status < 300) {
            r = DeliveryResult.done(item, null, call.body(), status, response);
        } else if (status == 429) {
            r = DeliveryResult.failed(item, Kind.THROTTLED, call.body(), status, response, "the endpoint asked to slow down (429)",
                    answer.retryAfter());
        } else if (status == 408 || status == 425 || status >= 500) {
            r = DeliveryResult.failed(item, Kind.TRANSIENT, call.body(), status, response, "the endpoint answered " + status, null);
        } else {
            r = DeliveryResult.failed(item, Kind.PERMANENT, call.body(), status, response, status >= 300 && status < 400
                    ? "the endpoint answered a redirect (" + status + "), which is not followed: save the URL it points to"
                    : "the endpoint refused the event (" + status + "); a receiver answers 2xx once it has it", null);
        }
        return Reading.settled(List.of(r));
    }

    @Override
    public InstallCheck check(String tenant, CrmMapping mapping) {
        InstallCheck check = new InstallCheck();
        for (Destination d : destinations(tenant)) {
            try {
                guard.check(d.url());
                check.pass("endpoint " + d.id(), d.url().getHost() + " resolves to public addresses (or ones an operator allows)");
            } catch (dev.dispositions.gateway.destination.EndpointGuard.Refused refused) {
                check.fail("endpoint " + d.id(), refused.getMessage());
            }
        }
        return check;
    }

}
