package dev.dispositions.gateway.destination;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.dispositions.gateway.GatewayIntegrationTest;
import dev.dispositions.gateway.KafkaTestBroker;
import dev.dispositions.gateway.KafkaTestBroker.Received;
import dev.dispositions.gateway.TestCall;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A tenant's Kafka destination, against a real broker in the test JVM: a call's outcome reaches the tenant's CRM, its
 * webhook endpoint and its topic, each with its own status; a record is keyed by tenant and call and carries an
 * {@code event-id} header; with the broker stopped in the middle of a load and started again, no event is lost and
 * every record of one call carries one id.
 */
class KafkaDestinationsTest extends GatewayIntegrationTest {
    private static final WireMockServer RECEIVER = new WireMockServer(options().dynamicPort());
    private static final Map<String, String> OPERATOR = Map.of("X-Api-Key", ADMIN_KEY);

    static {
        RECEIVER.start();
    }

    @Autowired
    private JdbcTemplate db;

    @AfterAll
    static void stopReceiver() {
        RECEIVER.stop();
    }

    @AfterEach
    void noDestinationsLeft() throws Exception {
        for (String tenant : List.of("initech", "acme")) {
            for (JsonNode d : getRaw("/api/tenants/" + tenant + "/destinations", OPERATOR).body().path("destinations")) {
                String path = "/api/tenants/" + tenant + "/destinations/" + d.path("id").asText();
                if (asOperator("DELETE", path, "").status() != 200) { // something still pending: switched off, it takes no more calls
                    String where = d.path("type").asText().equals("kafka") ? "\"topic\": \"" + d.path("topic").asText() + "\""
                            : "\"url\": \"" + d.path("url").asText() + "\"";
                    asOperator("PUT", path, "{" + where + ", \"enabled\": false}");
                }
            }
        }
        RECEIVER.resetAll();
    }

    private void kafkaDestination(String tenant, String id, String topic) throws Exception {
        KafkaTestBroker.createTopic(topic);
        Reply made = asOperator("PUT", "/api/tenants/" + tenant + "/destinations/" + id, "{\"type\": \"kafka\", \"topic\": \"" + topic + "\"}");
        assertThat(made.status()).as(made.raw()).isEqualTo(200);
        assertThat(made.body().path("destination").path("type").asText()).isEqualTo("kafka");
        assertThat(made.body().path("secret").isNull() || made.body().path("secret").isMissingNode()).as("nothing to sign with").isTrue();
    }

    private String send(String tenant, String callId, String outcome) {
        Reply r = postGeneric("/webhooks/" + tenant + "/generic", ACME_SECRET, "msg_" + callId, TestCall.of(callId, outcome).json());
        assertThat(r.status()).as(r.raw()).isEqualTo(202);
        return r.body().path("eventId").asText();
    }

    private static List<Received> recordsOf(String topic, String tenant, String callId) {
        return KafkaTestBroker.records(topic).stream().filter(r -> (tenant + "/" + callId).equals(r.key())).toList();
    }

    @Test
    void aCallsOutcomeReachesTheCrmTheWebhookAndTheTopicEachWithItsOwnStatus() throws Exception {
        RECEIVER.stubFor(post(urlPathEqualTo("/hooks")).willReturn(aResponse().withStatus(204)));
        Reply hook = asOperator("PUT", "/api/tenants/initech/destinations/team-tool", "{\"url\": \"" + RECEIVER.baseUrl() + "/hooks\"}");
        assertThat(hook.status()).as(hook.raw()).isEqualTo(200);
        kafkaDestination("initech", "warehouse", "initech.dispositions");
        String callId = newCallId();
        String eventId = send("initech", callId, "MEETING_BOOKED");

        await().atMost(Duration.ofSeconds(20)).until(() -> !recordsOf("initech.dispositions", "initech", callId).isEmpty());
        Received record = recordsOf("initech.dispositions", "initech", callId).get(0);
        JsonNode value = json.readTree(record.value());
        var schema = com.networknt.schema.JsonSchemaFactory.getInstance(com.networknt.schema.SpecVersion.VersionFlag.V202012)
                .getSchema(java.nio.file.Files.readString(java.nio.file.Path.of("docs/destinations/event.schema.json")));
        assertThat(schema.validate(value)).as("the documented schema").isEmpty();
        assertThat(value.path("eventId").asText()).isEqualTo(eventId);
        assertThat(value.path("label").asText()).isEqualTo("Meeting Booked");
        assertThat(record.headers()).as("only what a record should carry").containsOnlyKeys("event-id", "event-version", "content-type");
        assertThat(record.headers().get("event-id")).isEqualTo(value.path("id").asText()).startsWith("msg_");

        await().atMost(Duration.ofSeconds(20)).until(() -> "delivered".equals(event(eventId).path("status").asText()));
        assertThat(delivery(eventId, "salesforce").path("status").asText()).isEqualTo("DELIVERED");
        assertThat(delivery(eventId, "webhook:team-tool").path("status").asText()).isEqualTo("DELIVERED");
        JsonNode toKafka = delivery(eventId, "kafka:warehouse");
        assertThat(toKafka.path("status").asText()).isEqualTo("DELIVERED");
        assertThat(RECEIVER.findAll(postRequestedFor(urlPathEqualTo("/hooks")))).anyMatch(r -> r.getBodyAsString().contains(callId));
        assertThat(toKafka.path("crmRecordId").asText()).as("where the broker says the record is")
                .isEqualTo("initech.dispositions-" + record.partition() + "@" + record.offset());
    }

    @Test
    void aKafkaDestinationIsRefusedWhatItCannotHave() throws Exception {
        String base = "/api/tenants/initech/destinations/";
        Map<String, String> refusals = Map.of(
                "{\"type\": \"kafka\", \"topic\": \"acme.dispositions\"}", "topic",
                "{\"type\": \"kafka\", \"topic\": \"initech.bad topic\"}", "topic",
                "{\"type\": \"kafka\"}", "topic",
                "{\"type\": \"kafka\", \"topic\": \"initech.x\", \"url\": \"https://example.com/x\"}", "url",
                "{\"type\": \"kafka\", \"topic\": \"initech.x\", \"secret\": \"whsec_YWNtZS1nZW5lcmljLXNpZ25pbmcta2V5\"}", "secret",
                "{\"type\": \"kafka\", \"topic\": \"initech.x\", \"ratePerSecond\": 5}", "ratePerSecond",
                "{\"type\": \"sqs\", \"topic\": \"initech.x\"}", "type");
        for (var refused : refusals.entrySet()) {
            Reply r = asOperator("PUT", base + "refused", refused.getKey());
            assertThat(r.status()).as(refused.getKey() + " -> " + r.raw()).isEqualTo(400);
            assertThat(r.body().path("field").asText()).as(refused.getKey()).isEqualTo(refused.getValue());
        }
        kafkaDestination("initech", "lake", "initech.lake");
        Reply retyped = asOperator("PUT", base + "lake", "{\"type\": \"webhook\", \"url\": \"" + RECEIVER.baseUrl() + "/x\"}");
        assertThat(retyped.status()).as(retyped.raw()).isEqualTo(409);
        assertThat(retyped.body().path("reason").asText()).isEqualTo("type_fixed");
        Reply rotated = asOperator("POST", base + "lake/rotate", "");
        assertThat(rotated.status()).as(rotated.raw()).isEqualTo(409);
        assertThat(rotated.body().path("reason").asText()).isEqualTo("not_signed");
        assertThat(asOperator("GET", base + "lake", "").body().path("destination").path("topic").asText()).isEqualTo("initech.lake");
    }

    @Test
    void theBrokerStoppedInTheMiddleOfALoadLosesNoEventAndEveryRecordOfACallCarriesOneId() throws Exception {
        kafkaDestination("acme", "load", "acme.load");
        int calls = 60;
        List<String> callIds = new ArrayList<>();
        for (int i = 0; i < calls / 3; i++) {
            callIds.add(newCallId());
            send("acme", callIds.get(i), "NO_ANSWER");
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> delivered("acme", "kafka:load") >= 1);
        KafkaTestBroker.stop();
        try {
            for (int i = calls / 3; i < calls; i++) {
                callIds.add(newCallId());
                send("acme", callIds.get(i), i % 7 == 0 ? "DO_NOT_CONTACT" : "LEFT_VOICEMAIL"); // accepted while the broker is down
            }
            // The outage is seen as one: a delivery has failed for want of an acknowledgement and waits for its retry.
            await().atMost(Duration.ofSeconds(40)).until(() -> db.queryForObject("select count(*) from delivery_attempt a join outbox o on "
                    + "o.id = a.outbox_id where o.tenant = 'acme' and o.crm = 'kafka:load' and a.detail like '%acknowledgement%'", Integer.class) > 0);
        } finally {
            KafkaTestBroker.start();
        }
        long optOuts = java.util.stream.IntStream.range(calls / 3, calls).filter(i -> i % 7 == 0).count();
        // The connector's breaker opened during the outage: it tries again after its open-for (30 s), then drains.
        await().atMost(Duration.ofSeconds(120)).until(() -> delivered("acme", "kafka:load") >= calls + optOuts);
        assertThat(db.queryForObject("select count(*) from outbox where tenant = 'acme' and crm = 'kafka:load' and status <> 'DELIVERED'",
                Integer.class)).as("every delivery landed").isZero();

        Map<String, List<Received>> byKey = KafkaTestBroker.records("acme.load").stream().collect(Collectors.groupingBy(Received::key));
        for (String callId : callIds) {
            List<Received> ofCall = byKey.get("acme/" + callId);
            assertThat(ofCall).as("call %s reached the topic", callId).isNotEmpty();
            Map<String, Set<String>> idsByType = ofCall.stream().collect(Collectors.groupingBy(r -> typeOf(r),
                    Collectors.mapping(r -> r.headers().get("event-id"), Collectors.toSet())));
            idsByType.forEach((type, ids) -> assertThat(ids).as("call %s's %s records: one id, however often retried", callId, type).hasSize(1));
            assertThat(ofCall.stream().map(Received::partition).distinct()).as("a call's records share a partition").hasSize(1);
        }
        assertThat(byKey.keySet()).as("no record of a call not sent").hasSize(calls);
    }

    private String typeOf(Received r) {
        try {
            return json.readTree(r.value()).path("type").asText();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private int delivered(String tenant, String connector) {
        return db.queryForObject("select count(*) from outbox where tenant = ? and crm = ? and status = 'DELIVERED'", Integer.class, tenant, connector);
    }
}
