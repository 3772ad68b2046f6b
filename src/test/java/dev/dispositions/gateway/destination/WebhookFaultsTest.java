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
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.dispositions.gateway.GatewayIntegrationTest;
import dev.dispositions.gateway.TestCall;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A webhook receiver that goes away for 30 s while calls keep coming, and one slower than the gateway waits: no
 * event is lost, and every POST of one delivery carries one {@code webhook-id}, so the receiver can drop the repeats
 * (counted per call).
 */
class WebhookFaultsTest extends GatewayIntegrationTest {
    private static final Map<String, String> OPERATOR = Map.of("X-Api-Key", ADMIN_KEY);
    private static final String TENANT = "acme"; // its calls go to no CRM

    @Autowired
    private JdbcTemplate db;

    /** What the receivers got, kept across a receiver's restart. */
    private final List<LoggedRequest> received = new ArrayList<>();
    private WireMockServer receiver;

    @AfterEach
    void cleanUp() throws Exception {
        for (JsonNode d : getRaw("/api/tenants/" + TENANT + "/destinations", OPERATOR).body().path("destinations")) {
            String path = "/api/tenants/" + TENANT + "/destinations/" + d.path("id").asText();
            if (asOperator("DELETE", path, "").status() != 200) {
                asOperator("PUT", path, "{\"url\": \"" + d.path("url").asText() + "\", \"enabled\": false}");
            }
        }
        if (receiver != null) {
            receiver.stop();
        }
    }

    private WireMockServer receiverOn(int at) {
        WireMockServer r = new WireMockServer(options().port(at));
        r.start();
        r.stubFor(post(urlPathEqualTo("/hooks")).willReturn(aResponse().withStatus(204)));
        return r;
    }

    private List<LoggedRequest> all() {
        List<LoggedRequest> out = new ArrayList<>(received);
        if (receiver != null && receiver.isRunning()) {
            out.addAll(receiver.findAll(postRequestedFor(urlPathEqualTo("/hooks"))));
        }
        return out;
    }

    private String send(String outcome) {
        String callId = newCallId();
        Reply r = postGeneric("/webhooks/" + TENANT + "/generic", ACME_SECRET, "msg_" + callId, TestCall.of(callId, outcome).json());
        assertThat(r.status()).as(r.raw()).isEqualTo(202);
        return callId;
    }

    private String callIdOf(LoggedRequest r) {
        try {
            return json.readTree(r.getBodyAsString()).path("disposition").path("callId").asText();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private int pending(String connector) {
        return db.queryForObject("select count(*) from outbox where tenant = ? and crm = ? and status <> 'DELIVERED'", Integer.class,
                TENANT, connector);
    }

    @Test
    void aReceiverDownFor30SecondsWhileCallsComeLosesNoneAndEachDeliveryKeepsOneId() throws Exception {
        int at;
        try (ServerSocket free = new ServerSocket(0)) {
            at = free.getLocalPort();
        }
        receiver = receiverOn(at);
        Reply made = asOperator("PUT", "/api/tenants/" + TENANT + "/destinations/outage", "{\"url\": \"http://localhost:" + at + "/hooks\"}");
        assertThat(made.status()).as(made.raw()).isEqualTo(200);
        List<String> calls = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            calls.add(send("NO_ANSWER"));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> all().stream().map(this::callIdOf).collect(Collectors.toSet()).containsAll(calls));

        received.addAll(receiver.findAll(postRequestedFor(urlPathEqualTo("/hooks"))));
        receiver.stop(); // connections refused from now on
        Instant downSince = Instant.now();
        while (Instant.now().isBefore(downSince.plusSeconds(30))) {
            calls.add(send(calls.size() % 9 == 0 ? "DO_NOT_CONTACT" : "LEFT_VOICEMAIL"));
            Thread.sleep(900); // the load's pace: calls keep arriving through the outage, not all at its start
        }
        assertThat(db.queryForObject("select count(*) from delivery_attempt a join outbox o on o.id = a.outbox_id where o.tenant = ? and "
                + "o.crm = 'webhook:outage' and a.result = 'TRANSIENT'", Integer.class, TENANT)).as("the outage was seen").isPositive();
        receiver = receiverOn(at);

        await().atMost(Duration.ofSeconds(120)).until(() -> pending("webhook:outage") == 0);
        Map<String, List<LoggedRequest>> byCall = all().stream().collect(Collectors.groupingBy(this::callIdOf));
        assertThat(byCall.keySet()).as("every call reached the receiver, and only those").containsExactlyInAnyOrderElementsOf(calls);
        for (var ofCall : byCall.entrySet()) {
            Map<String, Set<String>> idsByType = ofCall.getValue().stream().collect(Collectors.groupingBy(r -> type(r),
                    Collectors.mapping(r -> r.getHeader("webhook-id"), Collectors.toSet())));
            idsByType.forEach((type, ids) -> assertThat(ids).as("call %s's %s POSTs: one id", ofCall.getKey(), type).hasSize(1));
        }
    }

    @Test
    void aReceiverSlowerThanTheGatewayWaitsGetsTheDeliveryAgainWithItsIdAndOneInTimeGetsItOnce() throws Exception {
        receiver = new WireMockServer(options().dynamicPort());
        receiver.start();
        // The first answer comes after the gateway's 15 s: it has the event, but the gateway cannot know.
        receiver.stubFor(post(urlPathEqualTo("/hooks")).inScenario("slow").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(200).withFixedDelay(16_000)).willSetStateTo("quick"));
        receiver.stubFor(post(urlPathEqualTo("/hooks")).inScenario("slow").whenScenarioStateIs("quick")
                .willReturn(aResponse().withStatus(200).withFixedDelay(3_000)));
        Reply made = asOperator("PUT", "/api/tenants/" + TENANT + "/destinations/slow", "{\"url\": \"" + receiver.baseUrl() + "/hooks\"}");
        assertThat(made.status()).as(made.raw()).isEqualTo(200);
        String late = send("INTERESTED");
        await().atMost(Duration.ofSeconds(60)).until(() -> pending("webhook:slow") == 0);
        List<LoggedRequest> lateOnes = all().stream().filter(r -> callIdOf(r).equals(late)).toList();
        assertThat(lateOnes).as("sent again after the timeout").hasSize(2);
        assertThat(lateOnes.stream().map(r -> r.getHeader("webhook-id")).distinct()).as("with the same id").hasSize(1);

        String inTime = send("MEETING_BOOKED"); // 3 s: slow, within the gateway's 15 s
        await().atMost(Duration.ofSeconds(30)).until(() -> all().stream().anyMatch(r -> callIdOf(r).equals(inTime)) && pending("webhook:slow") == 0);
        assertThat(all().stream().filter(r -> callIdOf(r).equals(inTime))).as("answered in time: sent once").hasSize(1);
    }

    private String type(LoggedRequest r) {
        try {
            return json.readTree(r.getBodyAsString()).path("type").asText();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
