package dev.dispositions.gateway.crm.kafka;

import dev.dispositions.gateway.config.Destination;
import dev.dispositions.gateway.config.TenantDirectory;
import dev.dispositions.gateway.crm.CrmCall;
import dev.dispositions.gateway.crm.CrmTransport;
import dev.dispositions.gateway.crm.HttpReply;
import dev.dispositions.gateway.destination.DestinationEvents;
import dev.dispositions.gateway.destination.KafkaCluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.springframework.stereotype.Component;

/**
 * A Kafka destination's record over camel-kafka: one producer for every tenant's topic (the topic travels with each
 * record), idempotent, {@code acks=all}. Its waits are bounded so a broker outage fails a delivery within seconds,
 * to be retried by the outbox, instead of holding the dispatch threads every tenant shares.
 */
@Component
class KafkaTransport implements CrmTransport {
    /** The header of a reply saying the cluster refused the record, rather than not answering. */
    static final String OUTCOME = "kafka-outcome";
    static final String REFUSED = "refused";
    /** A receiver drops a record whose {@code event-id} it has seen: every retry of one delivery carries the same. */
    static final String EVENT_ID = "event-id";

    private final TenantDirectory tenants;
    private final KafkaCluster cluster;

    KafkaTransport(TenantDirectory tenants, KafkaCluster cluster) {
        this.tenants = tenants;
        this.cluster = cluster;
    }

    @Override
    public String prepare(String tenant, CrmCall call, Message request) {
        Destination d = tenants.destination(tenant, call.path()).orElseThrow(() -> new CredentialsUnavailable("destination " + call.path()
                + " of tenant " + tenant + " is not there any more (deleted, or not yet read by this replica)"));
        if (!d.enabled()) {
            throw new Paced("not sent: destination " + d.id() + " is disabled; its events are kept until it is enabled again", Duration.ofMinutes(1));
        }
        if (!cluster.configured()) {
            throw new CredentialsUnavailable("not sent: no Kafka cluster is configured (gateway.destinations.kafka.brokers); the events wait");
        }
        cluster.refusal(tenant, d.topic()).ifPresent(why -> {
            throw new NotAllowed("not sent to topic " + d.topic() + ": " + why);
        });
        // Only what the record should carry: nothing the route set on the message leaks into its headers.
        request.getHeaders().clear();
        request.setHeader(KafkaConstants.OVERRIDE_TOPIC, d.topic());
        request.setHeader(KafkaConstants.KEY, call.parts().get(0).key());
        request.setHeader(EVENT_ID, DestinationEvents.messageId(call.items().get(0)));
        request.setHeader("event-version", String.valueOf(DestinationEvents.VERSION));
        request.setHeader("content-type", "application/json");
        request.setBody(call.body());
        return "kafka:gateway-destinations?brokers=RAW(" + cluster.brokers() + ")&requestRequiredAcks=all&enableIdempotence=true"
                + "&retries=2147483647&maxInFlightRequest=5&lingerMs=5&maxBlockMs=5000&requestTimeoutMs=5000&deliveryTimeoutMs=15000"
                + "&recordMetadata=true";
    }

    @Override
    public HttpReply answer(String tenant, Message response, Exception failure) {
        if (failure != null) {
            Throwable cause = failure;
            while (cause.getCause() != null && !(cause instanceof org.apache.kafka.common.KafkaException)) {
                cause = cause.getCause();
            }
            boolean refused = cause instanceof AuthorizationException || cause instanceof RecordTooLargeException
                    || cause instanceof InvalidTopicException;
            return new HttpReply(0, null, refused ? Map.of(OUTCOME, REFUSED) : Map.of(),
                    cause.getClass().getSimpleName() + ": " + cause.getMessage());
        }
        // The broker's acknowledgement: where the record is, {@code <topic>-<partition>@<offset>}.
        Object meta = response.getHeader(KafkaConstants.KAFKA_RECORD_META);
        String where = meta instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof RecordMetadata m
                ? m.topic() + "-" + m.partition() + "@" + m.offset() : null;
        return new HttpReply(200, where, Map.of());
    }
}
