package dev.dispositions.gateway.destination;

import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The operator's Kafka cluster that tenants' Kafka destinations publish to. A tenant names only a topic, never a
 * broker (so no tenant can make the gateway connect anywhere), and the topic must start with the operator's prefix
 * ({@code {tenant}} stands for the tenant's id), so one tenant cannot write into another's topics. The cluster's
 * security (TLS, SASL) is set with Camel's own {@code camel.component.kafka.*} properties.
 */
@Component
public class KafkaCluster {
    /** Kafka's rule for a topic name, at most 200 long so that {@code <topic>-<partition>@<offset>} fits a record id. */
    private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,200}");

    private final String brokers;
    private final String topicPrefix;

    public KafkaCluster(@Value("${gateway.destinations.kafka.brokers:}") String brokers,
                        @Value("${gateway.destinations.kafka.topic-prefix:{tenant}.}") String topicPrefix) {
        this.brokers = brokers == null ? "" : brokers.trim();
        this.topicPrefix = topicPrefix == null ? "" : topicPrefix;
    }

    public boolean configured() {
        return !brokers.isEmpty();
    }

    /** The bootstrap servers, {@code host:port,…}; empty when the operator has not configured a cluster. */
    public String brokers() {
        return brokers;
    }

    public String prefixFor(String tenant) {
        return topicPrefix.replace("{tenant}", tenant);
    }

    /** Why a tenant may not publish to this topic, or empty when it may. */
    public Optional<String> refusal(String tenant, String topic) {
        if (topic == null || !TOPIC.matcher(topic).matches()) {
            return Optional.of("a Kafka topic name is 1 to 200 letters, digits, '.', '_' and '-'");
        }
        if (topic.equals(".") || topic.equals("..")) {
            return Optional.of("'.' and '..' are not topic names");
        }
        String prefix = prefixFor(tenant);
        if (!topic.startsWith(prefix) || topic.length() == prefix.length()) {
            return Optional.of("this gateway's tenants publish to topics starting with '" + prefix + "' (gateway.destinations.kafka."
                    + "topic-prefix), such as '" + prefix + "dispositions'");
        }
        return Optional.empty();
    }
}
