package dev.dispositions.gateway;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import kafka.server.BrokerServer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A real Kafka broker (KRaft, broker and controller in one node) in the test JVM, on a fixed port so that it can be
 * stopped and started again under the address the gateway was given. Started when the gateway's context first
 * reads its address.
 */
public final class KafkaTestBroker {
    private static EmbeddedKafkaKraftBroker kafka;

    private KafkaTestBroker() {
    }

    public static synchronized String bootstrapServers() {
        if (kafka == null) {
            int port;
            try (ServerSocket free = new ServerSocket(0)) {
                port = free.getLocalPort();
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            // The broker's listener on a fixed port (kafkaPorts is not applied in KRaft mode), the controller's anywhere.
            EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
            broker.brokerProperties(Map.of("listeners", "EXTERNAL://localhost:" + port + ",CONTROLLER://localhost:0",
                    "auto.create.topics.enable", "false"));
            broker.afterPropertiesSet();
            Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy));
            kafka = broker;
        }
        return kafka.getBrokersAsString();
    }

    public static void createTopic(String topic) {
        bootstrapServers();
        kafka.addTopics(topic);
    }

    private static BrokerServer broker() {
        return kafka.getCluster().brokers().values().iterator().next();
    }

    /** The broker goes away (its controller stays): producers find no one at its address. */
    public static void stop() {
        broker().shutdown();
        broker().awaitShutdown();
    }

    public static void start() {
        broker().startup();
    }

    /** A record as a receiver sees it. */
    public record Received(String key, String value, Map<String, String> headers, int partition, long offset) {
    }

    /** Every record on the topic so far, from its beginning. */
    public static List<Received> records(String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<Received> out = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    Map<String, String> headers = new java.util.LinkedHashMap<>();
                    r.headers().forEach(h -> headers.put(h.key(), new String(h.value(), java.nio.charset.StandardCharsets.UTF_8)));
                    out.add(new Received(r.key(), r.value(), headers, r.partition(), r.offset()));
                }
            }
        }
        return out;
    }
}
