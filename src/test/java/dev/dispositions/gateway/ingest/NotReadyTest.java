package dev.dispositions.gateway.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dispositions.gateway.DemoGateway;
import dev.dispositions.gateway.GatewayApplication;
import dev.dispositions.gateway.GatewayIntegrationTest;
import dev.dispositions.gateway.dialer.StandardWebhooks;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A webhook that arrives while the gateway's store is not running (it is starting or stopping) is told to come
 * back: 503 with Retry-After and a problem body, nothing stored; never a 500.
 */
class NotReadyTest {

    @Test
    void aWebhookWhileThePipelineIsStoppedIs503WithRetryAfterAndNothingIsStored() throws Exception {
        String db = "jdbc:h2:mem:" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
        try (ConfigurableApplicationContext gateway = new SpringApplicationBuilder(GatewayApplication.class).run(
                concat(DemoGateway.crmUrls("http://localhost:1", "http://localhost:1", "http://localhost:1"),
                        "--server.port=0", "--management.server.port=0", "--spring.datasource.url=" + db, "--gateway.dispatch.enabled=false"))) {
            int port = Integer.parseInt(gateway.getEnvironment().getProperty("local.server.port"));
            gateway.getBean(dev.dispositions.gateway.store.EventStore.class).stop();

            String body = "{\"type\":\"call.ended\",\"callId\":\"while-stopped\",\"outcome\":\"BUSY\"}";
            String id = "msg_stopped";
            String ts = String.valueOf(Instant.now().getEpochSecond());
            String sig = Base64.getEncoder().encodeToString(StandardWebhooks.sign(GatewayIntegrationTest.DEMO_GENERIC_SECRET, id, ts,
                    body.getBytes(StandardCharsets.UTF_8)));
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                            + "/webhooks/generic")).header("Content-Type", "application/json").header(StandardWebhooks.ID, id)
                    .header(StandardWebhooks.TIMESTAMP, ts).header(StandardWebhooks.SIGNATURE, "v1," + sig)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
            assertThat(r.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isPositive());
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(new ObjectMapper().readTree(r.body()).get("reason").asText()).isEqualTo("not_ready");
            assertThat(gateway.getBean(JdbcTemplate.class).queryForObject("select count(*) from call_event", Integer.class)).isZero();
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
