package dev.dispositions.gateway.metrics;

import dev.dispositions.gateway.TestCall;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.dispositions.gateway.GatewayIntegrationTest;
import dev.dispositions.gateway.dispatch.Dispatcher;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;

/** What operators scrape and read: Prometheus metrics for ingest, delivery, CRMs, backlog; readiness; log fields. */
class MetricsTest extends GatewayIntegrationTest {
    @Autowired
    BacklogGauges gauges;

    private String prometheus() {
        Reply r = getManagement("/actuator/prometheus");
        assertThat(r.status()).isEqualTo(200);
        return r.raw();
    }

    private String send(String callId, String outcome) {
        return accepted(TestCall.of(callId, outcome).notes(callId).knownPerson());
    }

    @Test
    void webhooksAreCountedByTenantDialerStatusAndReasonWithUnknownUrlsFoldedTogether() {
        postGeneric("/webhooks/globex/generic", "whsec_d3Jvbmctc2VjcmV0LXdyb25nLXNlY3JldA==", "msg_bad_" + newCallId(), "{}");
        postRaw("/webhooks/globex/no-such-dialer-" + newCallId(), "application/json", Map.of(), "{}");
        send("m-" + newCallId(), "LEFT_VOICEMAIL");

        String scrape = prometheus();
        assertThat(scrape).containsPattern("gateway_webhooks_total\\{dialer=\"generic\",reason=\"signature_invalid\",status=\"401\",tenant=\"globex\"\\} [1-9]");
        assertThat(scrape).containsPattern("gateway_webhooks_total\\{dialer=\"generic\",reason=\"none\",status=\"202\",tenant=\"globex\"\\} [1-9]");
        assertThat(scrape).containsPattern("gateway_webhooks_total\\{dialer=\"unknown\",reason=\"unknown_dialer\",status=\"404\",tenant=\"unknown\"\\} [1-9]");
        assertThat(scrape).doesNotContain("no-such-dialer");
        assertThat(scrape).containsPattern("gateway_calls_total\\{category=\"unreachable\",dialer=\"generic\",outcome=\"LEFT_VOICEMAIL\",tenant=\"globex\"\\} [1-9]");
    }

    @Test
    void deliveriesCrmLatencyAndTheBacklogAreMeasured() {
        String eventId = send("m-" + newCallId(), "NO_ANSWER");
        await().atMost(Duration.ofSeconds(15)).until(() -> "delivered".equals(event(eventId).get("status").asText()));
        assertThat(postRaw("/api/connectors/umbrella/salesforce/pause", "application/json", Map.of("X-Api-Key", ADMIN_KEY), "{}").status())
                .isEqualTo(200);
        try {
            gauges.refresh();
            String scrape = prometheus();
            assertThat(scrape).containsPattern("gateway_deliveries_total\\{crm=\"hubspot\",result=\"DONE\",tenant=\"globex\"\\} [1-9]");
            assertThat(scrape).containsPattern("gateway_crm_request_seconds_bucket\\{answer=\"2xx\",crm=\"bullhorn\",le=\"[0-9.]+\"\\} [1-9]");
            assertThat(scrape).containsPattern("gateway_crm_request_seconds_count\\{answer=\"2xx\",crm=\"salesforce\"\\} [1-9]");
            assertThat(scrape).contains("gateway_dead_letters{crm=\"salesforce\",tenant=\"default\"}");
            assertThat(scrape).contains("gateway_oldest_pending_seconds{crm=\"hubspot\",tenant=\"globex\"}");
            assertThat(scrape).contains("gateway_connector_state{crm=\"salesforce\",state=\"paused\",tenant=\"umbrella\"} 1.0");
            assertThat(scrape).contains("gateway_connector_state{crm=\"salesforce\",state=\"paused\",tenant=\"default\"} 0.0");
        } finally {
            postRaw("/api/connectors/umbrella/salesforce/resume", "application/json", Map.of("X-Api-Key", ADMIN_KEY), "");
        }
    }

    @Test
    void readinessIncludesTheDatabase() {
        Reply r = getManagement("/actuator/health/readiness");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().get("components").get("db").get("status").asText()).isEqualTo("UP");
        assertThat(r.raw()).doesNotContain("jdbc:");
    }

    @Test
    void everyLineAboutADeliveryCarriesItsTenantCrmAndEvent() {
        Logger logger = (Logger) LoggerFactory.getLogger(Dispatcher.class);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        try {
            String eventId = send("m-" + newCallId(), "BUSY");
            // Each CRM has several rows for a BUSY call (the activity and its outcome actions): wait for a line of each.
            await().atMost(Duration.ofSeconds(15)).until(() -> java.util.List.copyOf(lines.list).stream()
                    .filter(l -> eventId.equals(l.getMDCPropertyMap().get("eventId"))).map(l -> l.getMDCPropertyMap().get("crm"))
                    .distinct().count() >= 3);
            assertThat(java.util.List.copyOf(lines.list).stream().filter(l -> eventId.equals(l.getMDCPropertyMap().get("eventId")))
                    .map(l -> l.getMDCPropertyMap().get("tenant") + "/" + l.getMDCPropertyMap().get("crm")))
                    .contains("globex/salesforce", "globex/hubspot", "globex/bullhorn");
        } finally {
            logger.detachAppender(lines);
        }
    }

    @org.junit.jupiter.api.Test
    void healthAndMetricsAreNotOnThePublicPort() {
        for (String path : java.util.List.of("/actuator/prometheus", "/actuator/health", "/actuator")) {
            Reply r = getRaw(path, Map.of());
            assertThat(r.status()).as(path).isEqualTo(404);
            assertThat(r.contentType()).startsWith("application/problem+json");
        }
        assertThat(getManagement("/actuator/health").status()).isEqualTo(200);
    }
}
