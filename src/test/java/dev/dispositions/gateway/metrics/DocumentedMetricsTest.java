package dev.dispositions.gateway.metrics;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import dev.dispositions.gateway.GatewayIntegrationTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Every metric the README, the Grafana dashboard and the alert rules name is exported under that name. (A counter
 * once named {@code gateway.dead.letters.created} never was: Prometheus' client strips {@code _created}, and the
 * rest clashed with the {@code gateway_dead_letters} gauge, so its dashboard panel stayed empty.)
 */
class DocumentedMetricsTest extends GatewayIntegrationTest {
    private static final Pattern NAME = Pattern.compile("gateway_[a-z_]+[a-z]");

    @Autowired
    BacklogGauges gauges;

    private static Set<String> documented() throws Exception {
        Set<String> names = new TreeSet<>();
        for (Path file : List.of(Path.of("README.md"), Path.of("helm/call-disposition-gateway/files/grafana-dashboard.json"),
                Path.of("helm/call-disposition-gateway/templates/prometheusrule.yaml"))) {
            Matcher m = NAME.matcher(Files.readString(file));
            while (m.find()) {
                names.add(m.group().replaceAll("_(bucket|count|sum)$", ""));
            }
        }
        return names;
    }

    private String send(String tenant, String secret, String callId, String outcome) {
        Reply r = postGeneric("/webhooks/" + tenant + "/generic", secret, "msg_" + callId, """
                {"type":"call.ended","callId":"%s","outcome":"%s",
                 "prospect":{"crmIds":{"hubspot":"101","salesforce":"003000000000101AAA","bullhorn":"5059165"}}}"""
                .formatted(callId, outcome));
        assertThat(r.status()).as(r.raw()).isEqualTo(202);
        return r.body().get("eventId").asText();
    }

    @Test
    void everyMetricTheDocsDashboardAndAlertsNameIsExported() throws Exception {
        String refused = "m-refused-" + newCallId();
        String retried = "m-retried-" + newCallId();
        List<StubMapping> stubs = new ArrayList<>();
        stubs.add(SALESFORCE.stubFor(patch(urlPathMatching(TASK_UPSERTS)).atPriority(1).withRequestBody(containing(refused))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody("[{\"message\":\"bad value\",\"errorCode\":\"INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST\",\"fields\":[]}]"))));
        stubs.add(SALESFORCE.stubFor(patch(urlPathMatching(TASK_UPSERTS)).atPriority(1).withRequestBody(containing(retried))
                .inScenario(retried).whenScenarioStateIs(Scenario.STARTED).willSetStateTo("recovered")
                .willReturn(aResponse().withStatus(503))));
        try {
            postGeneric("/webhooks/globex/generic", "whsec_d3Jvbmctc2VjcmV0LXdyb25nLXNlY3JldA==", "msg_bad_" + newCallId(), "{}");
            List<String> events = List.of(send("globex", GLOBEX_SECRET, refused, "BUSY"), send("globex", GLOBEX_SECRET, retried, "BUSY"),
                    send("hooli", ACME_SECRET, "m-oauth-" + newCallId(), "NO_ANSWER"),
                    send("globex", GLOBEX_SECRET, "m-dnc-" + newCallId(), "please do not call me"),
                    send("default", DEMO_GENERIC_SECRET, "m-ok-" + newCallId(), "MEETING_BOOKED"));
            // An outcome Symbo's table does not have: its file falls back to CONNECTED, and counts it.
            String symbo = dev.dispositions.gateway.dialer.Goldens.text("dialer/symbo/call-completed-meeting-booked.json")
                    .replace("cl_5521", "m-" + newCallId()).replace("\"Meeting Booked\"", "\"Pricing Discussed\"");
            Reply unknown = postRaw("/webhooks/symbo", "application/json", java.util.Map.of("X-Hmac-Signature",
                    new org.apache.commons.codec.digest.HmacUtils(org.apache.commons.codec.digest.HmacAlgorithms.HMAC_SHA_256,
                            "demo-symbo-webhook-secret".getBytes(java.nio.charset.StandardCharsets.UTF_8)).hmacHex(symbo)), symbo);
            assertThat(unknown.status()).as(unknown.raw()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(30)).until(() -> events.stream().map(id -> event(id).get("status").asText())
                    .allMatch(s -> s.equals("delivered") || s.equals("failed")));
            gauges.refresh();

            String scrape = getManagement("/actuator/prometheus").raw();
            List<String> missing = documented().stream()
                    .filter(name -> !Pattern.compile("(?m)^" + name + "(_bucket|_count|_sum)?[{ ]").matcher(scrape).find()).toList();
            assertThat(missing).as("documented but not exported").isEmpty();
            assertThat(documented()).hasSizeGreaterThan(12).contains("gateway_deliveries_dead_lettered_total");
        } finally {
            stubs.forEach(SALESFORCE::removeStub);
        }
    }
}
