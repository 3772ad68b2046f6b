package dev.dispositions.gateway.crm.kafka;

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
import dev.dispositions.gateway.destination.KafkaCluster;
import dev.dispositions.gateway.mapping.CrmMapping;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * A tenant's Kafka destination, as a connector: each delivery is one record on the tenant's topic, through the
 * outbox like a CRM's (retries, the breaker, dead letters, replay, pause). The record is keyed by tenant and call, so
 * a call's records share a partition and keep their order there; its value is the versioned disposition event and
 * its {@code event-id} header is the same on every retry. A delivery settles only on the broker's acknowledgement
 * from all in-sync replicas; no acknowledgement (a broker down, a timeout) is a transient failure, retried.
 */
@Component
public class KafkaConnector extends DestinationConnector {
    private final KafkaTransport transport;
    private final KafkaCluster cluster;
    private final ObjectMapper json;

    KafkaConnector(KafkaTransport transport, TenantDirectory tenants, KafkaCluster cluster, ObjectMapper json) {
        super(tenants);
        this.transport = transport;
        this.cluster = cluster;
        this.json = json;
    }

    @Override
    public String id() {
        return Destination.KAFKA;
    }

    @Override
    public int batchSize(String tenant) {
        return 50;
    }

    @Override
    public CrmTransport transport() {
        return transport;
    }

    /** The record key: a call's records land on one partition, in order. */
    static String recordKey(DeliveryItem item) {
        return item.event().tenant() + "/" + item.event().callId();
    }

    @Override
    public Plan plan(Delivery delivery) {
        List<CrmCall> calls = delivery.open().stream().map(item -> CrmCall.write("publish " + DestinationEvents.describe(item) + " keyed "
                + recordKey(item), "PUBLISH", delivery.crm(), DestinationEvents.body(json, delivery.mapping(), item),
                List.of(CrmCall.Part.of(recordKey(item), item.outboxId())))).toList();
        return new Plan(calls, List.of());
    }

    @Override
    public Reading read(Delivery delivery, CrmCall call, HttpReply answer) {
        DeliveryItem item = delivery.item(call.items().get(0));
        DeliveryResult r;
        if (answer.isSuccess()) {
            // Where the record is, as Kafka's tools name it: the delivery's record id.
            r = DeliveryResult.done(item, answer.body(), call.body(), answer.status(), answer.body());
        } else if (KafkaTransport.REFUSED.equals(answer.header(KafkaTransport.OUTCOME))) {
            r = DeliveryResult.failed(item, Kind.PERMANENT, call.body(), null, null, "the cluster refused the record: " + answer.failure(), null);
        } else {
            r = DeliveryResult.failed(item, Kind.TRANSIENT, call.body(), null, null, "no acknowledgement from the cluster: " + answer.failure(), null);
        }
        return Reading.settled(List.of(r));
    }

    @Override
    public InstallCheck check(String tenant, CrmMapping mapping) {
        InstallCheck check = new InstallCheck();
        for (Destination d : destinations(tenant)) {
            if (!cluster.configured()) {
                check.fail("topic " + d.topic(), "no Kafka cluster is configured: the operator sets gateway.destinations.kafka.brokers");
                continue;
            }
            cluster.refusal(tenant, d.topic()).ifPresentOrElse(why -> check.fail("topic " + d.topic(), why),
                    () -> check.pass("topic " + d.topic(), "published to the gateway's Kafka cluster"));
        }
        return check;
    }

}
