package dev.dispositions.gateway.guarantees;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two gateway instances share one PostgreSQL (a schema of their own) and each takes half of the load: both
 * dispatch, and no call reaches a CRM twice. Runs when GATEWAY_PG_URL is set, as .ci/run does.
 */
@EnabledIfEnvironmentVariable(named = "GATEWAY_PG_URL", matches = ".+")
class TwoInstancesOnPostgresTest {

    private static String[] postgres(String schema) {
        return new String[] {"--spring.datasource.url=" + System.getenv("GATEWAY_PG_URL"),
            "--spring.datasource.username=" + System.getenv().getOrDefault("GATEWAY_PG_USER", "gateway"),
            "--spring.datasource.password=" + System.getenv().getOrDefault("GATEWAY_PG_PASSWORD", "gateway"),
            "--spring.datasource.hikari.schema=" + schema, "--spring.flyway.schemas=" + schema};
    }

    /** Deliveries this instance settled, whatever their result. */
    private static double deliveries(ConfigurableApplicationContext ctx) {
        return ctx.getBean(io.micrometer.core.instrument.MeterRegistry.class).find("gateway.deliveries").counters().stream()
                .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
    }

    @Test
    void twoInstancesUnderLoadNeverDeliverTheSameCallTwice() throws Exception {
        String schema = "gw_two_" + ThreadLocalRandom.current().nextInt(1_000_000);
        String prefix = "two-" + UUID.randomUUID().toString().substring(0, 8);
        int count = LoadDriver.EVENTS;
        try (CrmStandIns crms = new CrmStandIns();
             ConfigurableApplicationContext first = FaultScenariosTest.gateway(crms, postgres(schema));
             ConfigurableApplicationContext second = FaultScenariosTest.gateway(crms, postgres(schema))) {
            List<String> even = new ArrayList<>();
            List<String> odd = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                (i % 2 == 0 ? even : odd).add(prefix + "-" + i);
            }
            LoadDriver.Sent[] halves = new LoadDriver.Sent[2];
            Thread other = new Thread(() -> {
                try {
                    halves[1] = new LoadDriver().send(FaultScenariosTest.baseUrl(second), prefix, odd, 2);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            other.start();
            halves[0] = new LoadDriver().send(FaultScenariosTest.baseUrl(first), prefix, even, 2);
            other.join();
            List<String> acknowledged = new ArrayList<>(halves[0].acknowledged());
            acknowledged.addAll(halves[1].acknowledged());
            JdbcTemplate db = first.getBean(JdbcTemplate.class);
            Map<String, Long> delivered = FaultScenariosTest.awaitSettled(db, 3 * acknowledged.size(), Duration.ofMinutes(5));

            Ledger ledger = new Ledger(crms);
            LoadDriver.Sent all = new LoadDriver.Sent(count, acknowledged, 0, 0);
            Map<String, Object> counts = ledger.report("two-instances-postgres", all, delivered);
            double byFirst = deliveries(first);
            double bySecond = deliveries(second);
            counts.put("deliveriesByInstance", List.of(byFirst, bySecond));
            FaultScenariosTest.report(counts);
            assertThat(byFirst).as("the first instance dispatched").isPositive();
            assertThat(bySecond).as("the second instance dispatched").isPositive();
            FaultScenariosTest.assertExactlyOnce(ledger, all, delivered);
        }
    }

    /** Sends a generic-dialer webhook signed with {@code secret} to the instance; answers the status. */
    private static int sendSigned(ConfigurableApplicationContext ctx, String tenant, String secret) throws Exception {
        String body = dev.dispositions.gateway.TestCall.of("CA" + UUID.randomUUID().toString().replace("-", ""), "Left voicemail").json();
        String id = "msg_" + UUID.randomUUID();
        String ts = String.valueOf(java.time.Instant.now().getEpochSecond());
        String sig = java.util.Base64.getEncoder().encodeToString(dev.dispositions.gateway.dialer.StandardWebhooks.sign(secret, id, ts,
                body.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(FaultScenariosTest.baseUrl(ctx) + "/webhooks/" + tenant + "/generic"))
                .header("Content-Type", "application/json").header(dev.dispositions.gateway.dialer.StandardWebhooks.ID, id)
                .header(dev.dispositions.gateway.dialer.StandardWebhooks.TIMESTAMP, ts)
                .header(dev.dispositions.gateway.dialer.StandardWebhooks.SIGNATURE, "v1," + sig)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build();
        return java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static int admin(ConfigurableApplicationContext ctx, String method, String path, String body) throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(FaultScenariosTest.baseUrl(ctx) + path))
                .header("Content-Type", "application/json").header("X-Api-Key", dev.dispositions.gateway.GatewayIntegrationTest.ADMIN_KEY)
                .method(method, java.net.http.HttpRequest.BodyPublishers.ofString(body)).build();
        return java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String previewedOutcome(ConfigurableApplicationContext ctx, String tenant) throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(FaultScenariosTest.baseUrl(ctx) + "/api/preview/" + tenant + "/generic"))
                .header("Content-Type", "application/json").header("X-Api-Key", dev.dispositions.gateway.GatewayIntegrationTest.ADMIN_KEY)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(dev.dispositions.gateway.TestCall.of("CA-preview", "Left voicemail").json()))
                .build();
        String body = java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(body).path("events").path(0).path("canonical").path("outcome").asText();
    }

    @Test
    void aTenantMadeOnOneInstanceIsServedByTheOtherWithinSeconds() throws Exception {
        String schema = "gw_tenants_" + ThreadLocalRandom.current().nextInt(1_000_000);
        String secret = "whsec_dHdvLWluc3RhbmNlcy10ZW5hbnQta2V5";
        try (CrmStandIns crms = new CrmStandIns();
             ConfigurableApplicationContext first = FaultScenariosTest.gateway(crms, postgres(schema));
             ConfigurableApplicationContext second = FaultScenariosTest.gateway(crms, postgres(schema))) {
            assertThat(admin(first, "POST", "/api/tenants", "{\"id\":\"umbrella\"}")).isEqualTo(201);
            assertThat(admin(first, "PUT", "/api/tenants/umbrella/dialers/generic", "{\"secret\":\"" + secret + "\"}")).isEqualTo(200);
            assertThat(sendSigned(first, "umbrella", secret)).as("on the instance that made it, at once").isEqualTo(202);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                    .until(() -> sendSigned(second, "umbrella", secret) == 202);
            // A mapping overlay saved on one instance is what the other reads calls with, within seconds.
            assertThat(admin(first, "PUT", "/api/tenants/umbrella/mappings/dialers/generic",
                    "{\"overlay\": {\"labels\": {\"Left voicemail\": \"NO_ANSWER\"}}}")).isEqualTo(200);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                    .until(() -> previewedOutcome(second, "umbrella").equals("NO_ANSWER"));
            assertThat(admin(second, "PATCH", "/api/tenants/umbrella", "{\"enabled\":false}")).isEqualTo(200);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                    .until(() -> sendSigned(first, "umbrella", secret) == 404);
        }
    }
}
