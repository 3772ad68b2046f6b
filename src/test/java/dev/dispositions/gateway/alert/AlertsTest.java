package dev.dispositions.gateway.alert;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import dev.dispositions.gateway.GatewayIntegrationTest;
import dev.dispositions.gateway.TestCall;
import dev.dispositions.gateway.store.ConnectorStates;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A tenant hears of trouble the way it chose: an e-mail through the operator's SMTP server (GreenMail here) or a
 * signed POST to its webhook destination, for a dead letter (with the hint), a connector needing re-authorizing,
 * one held past the subscription's minutes, and the day's digest; each once.
 */
class AlertsTest extends GatewayIntegrationTest {
    private static final WireMockServer RECEIVER = new WireMockServer(options().dynamicPort());
    private final List<String> subscriptions = new ArrayList<>();
    private final List<StubMapping> stubs = new ArrayList<>();

    static {
        RECEIVER.start();
    }

    @Autowired
    AlertWatch watch;
    @Autowired
    ConnectorStates states;

    @AfterAll
    static void stopReceiver() {
        RECEIVER.stop();
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (String s : subscriptions) {
            asOperator("DELETE", s, "");
        }
        stubs.forEach(SALESFORCE::removeStub);
        asOperator("DELETE", "/api/tenants/acme/destinations/alerts-desk", "");
    }

    private String subscribe(String tenant, String body) throws Exception {
        Reply r = asOperator("POST", "/api/tenants/" + tenant + "/alerts", body);
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        subscriptions.add("/api/tenants/" + tenant + "/alerts/" + r.body().path("id").asText());
        return r.body().path("id").asText();
    }

    private static MimeMessage mailAbout(String address, String text) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> Arrays.stream(MAIL.getReceivedMessages()).filter(m -> {
            try {
                return m.getAllRecipients()[0].toString().equals(address) && (m.getSubject() + "\n" + m.getContent()).contains(text);
            } catch (Exception e) {
                return false;
            }
        }).findFirst().orElse(null), m -> m != null);
    }

    private static long mailsTo(String address) {
        return Arrays.stream(MAIL.getReceivedMessages()).filter(m -> {
            try {
                return m.getAllRecipients()[0].toString().equals(address);
            } catch (Exception e) {
                return false;
            }
        }).count();
    }

    @Test
    void aDeadLetterIsMailedWithItsHintAndTheDaysDigestCountsIt() throws Exception {
        String address = "support+" + System.nanoTime() + "@default.example";
        subscribe("default", "{\"email\":\"" + address + "\",\"kinds\":[\"dead-letter\",\"digest\"]}");
        String callId = "alert-" + newCallId();
        stubs.add(SALESFORCE.stubFor(patch(urlPathMatching(TASK_UPSERTS)).atPriority(1).withRequestBody(containing(callId))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json").withBody("[{\"message\":"
                        + "\"bad value for restricted picklist field: Left Voicemail\",\"errorCode\":\"INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST\","
                        + "\"fields\":[\"CallDisposition\"]}]"))));
        String eventId = accepted(TestCall.of(callId, "Left voicemail").asTenant("default").knownPerson());
        await().atMost(Duration.ofSeconds(20)).until(() -> "FAILED".equals(delivery(eventId, "salesforce").path("status").asText()));

        MimeMessage mail = mailAbout(address, callId);
        assertThat(mail.getSubject()).isEqualTo("[call-disposition gateway] Failed sync: salesforce of call " + callId + " (LEFT_VOICEMAIL)");
        assertThat(mail.getContent().toString()).contains("What to do: add 'Left Voicemail' to Task.CallDisposition")
                .contains("/api/dead-letters/" + delivery(eventId, "salesforce").path("id").asText());

        watch.digest(Instant.now().plus(Duration.ofDays(1)));
        MimeMessage digest = mailAbout(address, "Daily digest");
        assertThat(digest.getContent().toString()).contains("salesforce PERMANENT");
        watch.digest(Instant.now().plus(Duration.ofDays(1)));
        JsonNode sent = asOperator("GET", "/api/tenants/default/alerts", "").body().path("recent");
        assertThat(sent.toString()).contains("\"kind\":\"digest\"").contains("\"status\":\"SENT\"");
        long digests = 0;
        for (JsonNode s : sent) {
            digests += "digest".equals(s.path("kind").asText()) && address.equals(s.path("target").asText()) ? 1 : 0;
        }
        assertThat(digests).as("a day's digest is raised once").isEqualTo(1);
    }

    @Test
    void reauthorizationAndAHeldConnectorReachTheSubscribersWhoseMinutesHavePassed() throws Exception {
        String soon = "ops-soon+" + System.nanoTime() + "@acme.example";
        String late = "ops-late+" + System.nanoTime() + "@acme.example";
        subscribe("acme", "{\"email\":\"" + soon + "\",\"kinds\":[\"reauth\",\"held\"],\"heldAfterMinutes\":30}");
        subscribe("acme", "{\"email\":\"" + late + "\",\"kinds\":[\"held\"],\"heldAfterMinutes\":120}");
        Instant now = Instant.now();
        try {
            states.needsReauth("acme", "salesforce", "invalid_grant: expired access/refresh token", now.plusSeconds(3600), now);
            states.throttled("acme", "hubspot", now.plusSeconds(3600), "HubSpot's daily limit", now.minus(Duration.ofMinutes(40)).minusSeconds(5));
            watch.watch(now);
            watch.watch(now.plusSeconds(30));
            assertThat(mailAbout(soon, "salesforce needs re-authorizing for acme").getContent().toString()).contains("invalid_grant");
            assertThat(mailAbout(soon, "hubspot of acme held for 40 minutes").getContent().toString()).contains("/api/deliveries/waiting?tenant=acme");
            assertThat(mailsTo(soon)).as("each once").isEqualTo(2);
            assertThat(mailsTo(late)).as("120 minutes have not passed").isZero();
        } finally {
            states.resume("acme", "salesforce", now);
            states.resume("acme", "hubspot", now);
        }
    }

    @Test
    void aWebhookDestinationGetsTheAlertSignedAndBadSubscriptionsAreRefusedByName() throws Exception {
        RECEIVER.stubFor(post(urlPathEqualTo("/alerts")).willReturn(aResponse().withStatus(204)));
        Reply made = asOperator("PUT", "/api/tenants/acme/destinations/alerts-desk", "{\"url\": \"" + RECEIVER.baseUrl() + "/alerts\"}");
        assertThat(made.status()).as(made.raw()).isEqualTo(200);
        String secret = made.body().path("secret").asText();
        subscribe("acme", "{\"destination\":\"alerts-desk\",\"kinds\":[\"reauth\"]}");
        Instant now = Instant.now();
        try {
            states.needsReauth("acme", "bullhorn", "the API user's password changed", now.plusSeconds(3600), now);
            watch.watch(now);
            var posted = await().atMost(Duration.ofSeconds(20)).until(() -> RECEIVER.findAll(postRequestedFor(urlPathEqualTo("/alerts"))),
                    l -> !l.isEmpty()).get(0);
            JsonNode body = json.readTree(posted.getBodyAsString());
            assertThat(body.path("type").asText()).isEqualTo("alert.reauth");
            assertThat(body.path("title").asText()).isEqualTo("bullhorn needs re-authorizing for acme");
            var headers = new java.util.HashMap<String, java.util.List<String>>();
            posted.getHeaders().all().forEach(h -> headers.put(h.key().toLowerCase(java.util.Locale.ROOT), h.values()));
            new com.standardwebhooks.Webhook(secret).verify(posted.getBodyAsString(), headers);
        } finally {
            states.resume("acme", "bullhorn", now);
        }

        assertThat(asOperator("POST", "/api/tenants/acme/alerts", "{\"email\":\"not an address\",\"kinds\":[\"reauth\"]}").body()
                .path("field").asText()).isEqualTo("email");
        assertThat(asOperator("POST", "/api/tenants/acme/alerts", "{\"email\":\"a@acme.example\",\"kinds\":[\"everything\"]}").body()
                .path("field").asText()).isEqualTo("kinds");
        assertThat(asOperator("POST", "/api/tenants/acme/alerts", "{\"destination\":\"nowhere\",\"kinds\":[\"reauth\"]}").body()
                .path("field").asText()).isEqualTo("destination");
        assertThat(asOperator("POST", "/api/tenants/acme/alerts", "{\"kinds\":[\"reauth\"]}").status()).isEqualTo(400);
    }
}
