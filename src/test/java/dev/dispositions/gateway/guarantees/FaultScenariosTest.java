package dev.dispositions.gateway.guarantees;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import dev.dispositions.gateway.GatewayApplication;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The promise under faults: a few thousand calls to tenant globex (Salesforce, HubSpot and Bullhorn), a fault
 * injected in the stand-in CRMs part-way, then what each CRM received, counted per call. Each scenario writes its
 * counts to target/fault-reports/&lt;scenario&gt;.json.
 */
class FaultScenariosTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> CRMS = List.of("salesforce", "hubspot", "bullhorn");

    /** A gateway for the scenario: the demo tenants pointed at these stand-ins, fast test timings; {@code extra} overrides. */
    static ConfigurableApplicationContext gateway(CrmStandIns crms, String... extra) {
        Map<String, String> settings = new java.util.LinkedHashMap<>();
        for (String arg : crms.gatewayArgs()) {
            setting(settings, arg);
        }
        for (String arg : List.of("--server.port=0", "--management.server.port=0",
                "--spring.datasource.url=jdbc:h2:file:./target/test-db/faults-" + UUID.randomUUID()
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0",
                "--gateway.dispatch.poll-interval=50ms", "--gateway.dispatch.batch-size=150",
                "--gateway.dispatch.retry.initial-delay=200ms", "--gateway.dispatch.retry.max-delay=3s",
                "--gateway.dispatch.retry.max-attempts=60", "--gateway.dispatch.retry.throttle-wait=3s",
                "--gateway.dispatch.breaker.open-for=2s",
                // one line per delivery would be thousands: warnings only
                "--logging.level.dev.dispositions.gateway.dispatch=WARN", "--logging.level.dev.dispositions.gateway.ingest=WARN")) {
            setting(settings, arg);
        }
        for (String arg : extra) {
            setting(settings, arg);
        }
        String[] args = settings.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        return new SpringApplicationBuilder(GatewayApplication.class).run(args);
    }

    private static void setting(Map<String, String> settings, String arg) {
        int eq = arg.indexOf('=');
        settings.put(arg.substring(0, eq), arg.substring(eq + 1));
    }

    static String baseUrl(ConfigurableApplicationContext ctx) {
        return "http://localhost:" + ctx.getEnvironment().getProperty("local.server.port");
    }

    /** Waits until no delivery of globex is unfinished, then answers the delivered count per CRM. */
    static Map<String, Long> awaitSettled(JdbcTemplate db, int expectedRows, Duration atMost) throws InterruptedException {
        Instant deadline = Instant.now().plus(atMost);
        while (Instant.now().isBefore(deadline)) {
            Integer rows = db.queryForObject("select count(*) from outbox where tenant = 'globex'", Integer.class);
            Integer open = db.queryForObject("select count(*) from outbox where tenant = 'globex' and status not in "
                    + "('DELIVERED', 'SKIPPED', 'FAILED', 'DISCARDED')", Integer.class);
            if (rows != null && rows >= expectedRows && open != null && open == 0) {
                break;
            }
            Thread.sleep(250);
        }
        Map<String, Long> delivered = new TreeMap<>();
        db.query("select crm, status, count(*) from outbox where tenant = 'globex' group by crm, status", rs -> {
            if ("DELIVERED".equals(rs.getString(2))) {
                delivered.put(rs.getString(1), rs.getLong(3));
            }
        });
        return delivered;
    }

    static void report(Map<String, Object> counts) throws Exception {
        Path dir = Path.of("target/fault-reports");
        Files.createDirectories(dir);
        String text = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(counts);
        Files.writeString(dir.resolve(counts.get("scenario") + ".json"), text);
        System.out.println("FAULT REPORT " + JSON.writeValueAsString(counts));
    }

    /** Every acknowledged call is in every CRM exactly once, and no row is left failed. */
    static void assertExactlyOnce(Ledger ledger, LoadDriver.Sent sent, Map<String, Long> delivered) {
        assertThat(sent.acknowledged()).hasSize(sent.sent());
        for (String crm : CRMS) {
            assertThat(delivered.getOrDefault(crm, 0L)).as(crm + " deliveries").isEqualTo(sent.acknowledged().size());
        }
        for (String callId : sent.acknowledged()) {
            String key = Ledger.key(callId);
            assertThat(ledger.salesforce.acceptedFor(key)).as("Salesforce writes accepted for " + key).isEqualTo(1);
            assertThat(ledger.hubspot.acceptedFor(key)).as("HubSpot writes accepted for " + key).isEqualTo(1);
            assertThat(ledger.bullhorn.acceptedFor(key)).as("Bullhorn Notes created for " + key).isEqualTo(1);
        }
    }

    @Test
    void everyCrmAnsweringServiceUnavailableForThirtySecondsMidLoadLosesAndDuplicatesNothing() throws Exception {
        try (CrmStandIns crms = new CrmStandIns(); ConfigurableApplicationContext gateway = gateway(crms)) {
            String prefix = "outage-" + UUID.randomUUID().toString().substring(0, 8);
            int count = LoadDriver.EVENTS;
            FaultWindow outage = new FaultWindow(count / 3, Duration.ofSeconds(30), () -> {
                StubMapping salesforce = crms.salesforce.stubFor(any(anyUrl()).atPriority(1).willReturn(aResponse().withStatus(503)
                        .withHeader("Content-Type", "application/json")
                        .withBody("[{\"message\":\"Server unavailable\",\"errorCode\":\"SERVER_UNAVAILABLE\"}]")));
                StubMapping hubspot = crms.hubspot.stubFor(any(anyUrl()).atPriority(1).willReturn(aResponse().withStatus(503)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"status\":\"error\",\"message\":\"Service unavailable\",\"category\":\"SERVICE_UNAVAILABLE\"}")));
                StubMapping bullhorn = crms.bullhorn.stubFor(any(anyUrl()).atPriority(1).willReturn(aResponse().withStatus(503)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"errorMessage\":\"Service Unavailable\",\"errorCode\":503}")));
                return () -> {
                    crms.salesforce.removeStub(salesforce);
                    crms.hubspot.removeStub(hubspot);
                    crms.bullhorn.removeStub(bullhorn);
                };
            });
            LoadDriver.Sent sent = new LoadDriver().send(baseUrl(gateway), prefix, count, 4, outage);
            outage.awaitEnd();
            Map<String, Long> delivered = awaitSettled(gateway.getBean(JdbcTemplate.class), 3 * sent.acknowledged().size(),
                    Duration.ofMinutes(5));

            Ledger ledger = new Ledger(crms);
            Map<String, Object> counts = ledger.report("outage-503-30s", sent, delivered);
            counts.put("refusedDuringOutage", Map.of("salesforce", served(crms.salesforce, 503), "hubspot", served(crms.hubspot, 503),
                    "bullhorn", served(crms.bullhorn, 503)));
            report(counts);
            assertThat(served(crms.salesforce, 503) + served(crms.hubspot, 503) + served(crms.bullhorn, 503))
                    .as("the outage was really met").isPositive();
            for (WireMockServer crm : crms.all()) {
                // the breakers stop the hammering: a few probes every open period, not a retry per waiting row
                assertThat(served(crm, 503)).as("requests during the 30 s outage").isLessThan(sent.acknowledged().size() / 5);
            }
            assertExactlyOnce(ledger, sent, delivered);
        }
    }

    @Test
    void throttlingIsWaitedOutWithoutARequestBeforeItEndsAndWithoutUsingAttempts() throws Exception {
        // One batch of a connector in flight at a time: with several, the requests already on their way when the CRM
        // throttled one arrive after its answer (they are not sent again; ThrottleHoldsTest holds the rest back).
        try (CrmStandIns crms = new CrmStandIns(); ConfigurableApplicationContext gateway = gateway(crms, "--gateway.dispatch.concurrency=1")) {
            String prefix = "throttle-" + UUID.randomUUID().toString().substring(0, 8);
            int count = LoadDriver.EVENTS;
            // HubSpot's ten-secondly limit, with Retry-After; Salesforce's API request limit, which names no wait.
            FaultWindow limits = new FaultWindow(count / 3, Duration.ofSeconds(5), () -> {
                StubMapping hubspot = crms.hubspot.stubFor(post(urlPathMatching("/crm/v3/objects/calls/batch/(create|upsert)")).atPriority(1)
                        .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "2").withHeader("Content-Type", "application/json")
                                .withBody("{\"status\":\"error\",\"message\":\"You have reached your ten secondly limit.\","
                                        + "\"errorType\":\"RATE_LIMIT\",\"policyName\":\"TEN_SECONDLY_ROLLING\"}")));
                StubMapping salesforce = crms.salesforce.stubFor(patch(urlPathMatching("/services/data/v61.0/composite/sobjects.*")).atPriority(1)
                        .willReturn(aResponse().withStatus(403).withHeader("Content-Type", "application/json")
                                .withBody("[{\"message\":\"TotalRequests Limit exceeded.\",\"errorCode\":\"REQUEST_LIMIT_EXCEEDED\"}]")));
                return () -> {
                    crms.hubspot.removeStub(hubspot);
                    crms.salesforce.removeStub(salesforce);
                };
            });
            LoadDriver.Sent sent = new LoadDriver().send(baseUrl(gateway), prefix, count, 4, limits);
            limits.awaitEnd();
            JdbcTemplate db = gateway.getBean(JdbcTemplate.class);
            Map<String, Long> delivered = awaitSettled(db, 3 * sent.acknowledged().size(), Duration.ofMinutes(5));

            Ledger ledger = new Ledger(crms);
            long hubspot429 = served(crms.hubspot, 429);
            long salesforce403 = served(crms.salesforce, 403);
            Duration hubspotGap = shortestGapAfter(crms.hubspot, 429);
            Duration salesforceGap = shortestGapAfter(crms.salesforce, 403);
            Integer attemptsAbove1 = db.queryForObject("select count(*) from outbox where tenant = 'globex' and attempts > 1", Integer.class);
            Map<String, Object> counts = ledger.report("throttling", sent, delivered);
            counts.put("throttledAnswers", Map.of("hubspot429", hubspot429, "salesforce403", salesforce403));
            counts.put("shortestGapAfterThrottleMs", Map.of("hubspot", hubspotGap.toMillis(), "salesforce", salesforceGap.toMillis()));
            counts.put("rowsWithMoreThanOneAttemptUsed", attemptsAbove1);
            report(counts);

            assertThat(hubspot429).as("HubSpot throttled").isPositive();
            assertThat(salesforce403).as("Salesforce throttled").isPositive();
            assertThat(hubspotGap).as("no HubSpot request before Retry-After (2 s)").isGreaterThanOrEqualTo(Duration.ofSeconds(2));
            assertThat(salesforceGap).as("no Salesforce request before the configured wait (3 s)").isGreaterThanOrEqualTo(Duration.ofSeconds(3));
            assertThat(attemptsAbove1).as("throttled tries used no attempt").isZero();
            assertExactlyOnce(ledger, sent, delivered);
        }
    }

    @Test
    void aResponseLostAfterTheCrmWroteIsRetriedOntoTheSameRecord() throws Exception {
        try (CrmStandIns crms = new CrmStandIns(); ConfigurableApplicationContext gateway = gateway(crms)) {
            String prefix = "lost-" + UUID.randomUUID().toString().substring(0, 8);
            int count = LoadDriver.EVENTS;
            // For 20 calls spread over the load, each CRM writes the record and the connection then drops.
            List<String> unlucky = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String callId = prefix + "-" + (i * count / 20);
                unlucky.add(callId);
                loseFirstAnswer(crms, callId);
            }
            LoadDriver.Sent sent = new LoadDriver().send(baseUrl(gateway), prefix, count, 4, done -> { });
            Map<String, Long> delivered = awaitSettled(gateway.getBean(JdbcTemplate.class), 3 * sent.acknowledged().size(),
                    Duration.ofMinutes(5));

            Ledger ledger = new Ledger(crms);
            Map<String, Object> counts = ledger.report("lost-response", sent, delivered);
            counts.put("callsWithALostAnswer", unlucky.size());
            report(counts);

            assertThat(sent.acknowledged()).hasSize(count);
            for (String crm : CRMS) {
                assertThat(delivered.getOrDefault(crm, 0L)).as(crm).isEqualTo(count);
            }
            for (String callId : unlucky) {
                String key = Ledger.key(callId);
                // The lost answer was a whole collection's: its records are upserted again, on their keys (one Task each).
                assertThat(ledger.salesforce.sent().get(key)).as("Salesforce upserted at least twice on one key: one Task").isGreaterThanOrEqualTo(2);
                assertThat(ledger.hubspot.sent().get(key)).as("HubSpot written at least twice on one key (created, then upserted): one call").isGreaterThanOrEqualTo(2);
                assertThat(ledger.bullhorn.sent().get(key)).as("one Bullhorn Note created").isEqualTo(1);
                assertThat(ledger.bullhornUpdates.accepted().get(key)).as("then found and updated").isEqualTo(1);
            }
            for (String callId : sent.acknowledged()) {
                String key = Ledger.key(callId);
                assertThat(ledger.salesforce.sent()).containsKey(key);
                assertThat(ledger.bullhorn.sent().get(key)).as("Bullhorn Notes created for " + key).isEqualTo(1);
            }
        }
    }

    @Test
    void aBullhornSessionExpiringMidRunIsRenewedOnceAndNothingIsLost() throws Exception {
        try (CrmStandIns crms = new CrmStandIns(); ConfigurableApplicationContext gateway = gateway(crms)) {
            String prefix = "expiry-" + UUID.randomUUID().toString().substring(0, 8);
            int count = LoadDriver.EVENTS;
            AtomicBoolean expired = new AtomicBoolean();
            Instant[] expiredAt = new Instant[1];
            LoadDriver.Sent sent = new LoadDriver().send(baseUrl(gateway), prefix, count, 4, done -> {
                String token = latestRestToken(crms.bullhorn);
                if (done >= count / 3 && token != null && expired.compareAndSet(false, true)) {
                    expiredAt[0] = Instant.now();
                    crms.bullhorn.stubFor(any(anyUrl()).atPriority(1).withHeader("BhRestToken", equalTo(token))
                            .willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
                                    .withBody("{\"errorMessage\":\"Bad 'BhRestToken' or timed-out.\",\"errorCode\":401}")));
                }
            });
            Map<String, Long> delivered = awaitSettled(gateway.getBean(JdbcTemplate.class), 3 * sent.acknowledged().size(),
                    Duration.ofMinutes(5));

            long refreshes = crms.bullhorn.getAllServeEvents().stream()
                    .filter(e -> e.getRequest().getUrl().startsWith("/oauth/token") && e.getRequest().getUrl().contains("grant_type=refresh_token"))
                    .filter(e -> e.getRequest().getLoggedDate().toInstant().isAfter(expiredAt[0])).count();
            long refused = served(crms.bullhorn, 401);
            Ledger ledger = new Ledger(crms);
            Map<String, Object> counts = ledger.report("token-expiry", sent, delivered);
            counts.put("bullhornRefreshesAfterExpiry", refreshes);
            counts.put("bullhorn401", refused);
            report(counts);

            assertThat(expired).isTrue();
            assertThat(refused).as("the expired session was refused").isPositive();
            assertThat(refreshes).as("exactly one refresh").isEqualTo(1);
            assertExactlyOnce(ledger, sent, delivered);
        }
    }

    @Test
    void aRefusedValueDeadLettersEveryCallAtOnceAndAfterTheMappingIsFixedABulkReplayDeliversThemAll() throws Exception {
        Path mappings = Files.createTempDirectory(Path.of("target"), "fault-mappings-");
        try (CrmStandIns crms = new CrmStandIns();
             ConfigurableApplicationContext gateway = gateway(crms, "--gateway.mappings.dir=" + mappings.toAbsolutePath())) {
            // This org's CallDisposition is a restricted picklist without "Left Voicemail".
            // Salesforce refuses each such record by its own result in the collection's answer (allOrNone false).
            crms.salesforce.stubFor(patch(urlPathMatching("/services/data/v61.0/composite/sobjects/Task/.*")).atPriority(1)
                    .withRequestBody(containing("\"CallDisposition\":\"Left Voicemail\""))
                    .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                            .withBody("[{{#each (jsonPath request.body '$.records') as |r|}}{{#unless @first}},{{/unless}}"
                                    + "{{#eq r.CallDisposition 'Left Voicemail'}}{\"success\":false,\"errors\":[{\"statusCode\":"
                                    + "\"INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST\",\"message\":\"bad value for restricted picklist field: "
                                    + "Left Voicemail\",\"fields\":[\"CallDisposition\"]}]}{{else}}{\"id\":\"00T{{randomValue length=15 "
                                    + "type='ALPHANUMERIC'}}\",\"success\":true,\"errors\":[],\"created\":true}{{/eq}}{{/each}}]")
                            .withTransformers("response-template")));
            String prefix = "refused-" + UUID.randomUUID().toString().substring(0, 8);
            int count = LoadDriver.EVENTS;
            LoadDriver.Sent sent = new LoadDriver().send(baseUrl(gateway), prefix, count, 4, done -> { });
            JdbcTemplate db = gateway.getBean(JdbcTemplate.class);
            awaitSettled(db, 3 * sent.acknowledged().size(), Duration.ofMinutes(5));
            Integer dead = db.queryForObject("select count(*) from outbox where tenant = 'globex' and crm = 'salesforce' "
                    + "and status = 'FAILED' and dead_reason = 'PERMANENT' and attempts = 1", Integer.class);
            long refusals = Ledger.salesforceRecordsRefused(crms.salesforce.getAllServeEvents());

            // The admin fixes the mapping, loads it, looks at what a replay would take, then replays.
            Files.createDirectories(mappings.resolve("crms"));
            Files.writeString(mappings.resolve("crms/salesforce.yaml"), Files.readString(Path.of("mappings/crms/salesforce.yaml"))
                    .replace("Left Voicemail", "Voicemail")); // the outcome's text, and the file's examples with it
            Admin admin = new Admin(baseUrl(gateway));
            assertThat(admin.post("/api/mappings/crms/reload", "").path("reloaded").toString()).contains("salesforce");
            String filter = "{\"tenant\":\"globex\",\"crm\":\"salesforce\",\"reason\":\"PERMANENT\"}";
            var dry = admin.post("/api/dead-letters/replay", "{\"dryRun\":true,\"filter\":" + filter + "}");
            var replay = admin.post("/api/dead-letters/replay", "{\"dryRun\":false,\"reason\":\"picklist value fixed\",\"filter\":" + filter + "}");
            Map<String, Long> delivered = awaitSettled(db, 3 * sent.acknowledged().size(), Duration.ofMinutes(5));

            Ledger ledger = new Ledger(crms);
            Map<String, Object> counts = ledger.report("permanent-then-bulk-replay", sent, delivered);
            counts.put("deadLetteredAtFirstAttempt", dead);
            counts.put("salesforceRefusals", refusals);
            counts.put("dryRunMatched", dry.path("matched").asLong());
            counts.put("replayed", replay.path("replayed").asLong());
            report(counts);

            assertThat(dead).as("every Salesforce delivery a dead letter after one attempt").isEqualTo(count);
            assertThat(refusals).as("no retries of a refused value").isEqualTo(count);
            assertThat(dry.path("matched").asInt()).isEqualTo(count);
            assertThat(replay.path("replayed").asInt()).isEqualTo(count);
            assertExactlyOnce(ledger, sent, delivered);
            for (String callId : sent.acknowledged()) {
                assertThat(ledger.salesforce.sent().get(Ledger.key(callId))).as("refused once, then written once").isEqualTo(2);
            }
        }
    }

    /** The admin API, as support would call it. */
    private static final class Admin {
        private final String base;
        private final java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();

        Admin(String base) {
            this.base = base;
        }

        com.fasterxml.jackson.databind.JsonNode post(String path, String body) throws Exception {
            var r = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + path))
                    .header("X-Api-Key", dev.dispositions.gateway.GatewayIntegrationTest.ADMIN_KEY).header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
            return JSON.readTree(r.body());
        }
    }

    /** The first write of this call to each CRM is carried out, but its answer is lost (the connection is reset). */
    private static void loseFirstAnswer(CrmStandIns crms, String callId) {
        String scenario = "lost-" + callId;
        // The collection carrying the call is written and its answer lost: every record in it is upserted again.
        crms.salesforce.stubFor(patch(urlPathEqualTo("/services/data/v61.0/composite/sobjects/Task/Dialer_Call_Id__c"))
                .withRequestBody(containing("\"generic:" + callId + "\""))
                .atPriority(1).inScenario(scenario).whenScenarioStateIs(Scenario.STARTED).willSetStateTo("written")
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        crms.hubspot.stubFor(post(urlPathMatching("/crm/v3/objects/calls/batch/(create|upsert)")).atPriority(1)
                .withRequestBody(containing("\"generic:" + callId + "\"")).inScenario(scenario).whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("written").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        crms.bullhorn.stubFor(put(urlPathEqualTo("/rest-services/corp7x/entity/Note")).atPriority(1)
                .withRequestBody(containing("\"generic:" + callId + "\"")).inScenario(scenario + "-bh").whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("written").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        // BullhornNoteMemory keeps the Note that reset connection wrote: the next look-up finds it, and it is updated.
    }

    static long served(WireMockServer crm, int status) {
        return crm.getAllServeEvents().stream().filter(e -> e.getResponse() != null && e.getResponse().getStatus() == status).count();
    }

    /**
     * The shortest time between a request the CRM answered {@code status} and the next request the gateway sent it
     * (with one batch of a connector in flight at a time, any request inside the window would show here).
     */
    static Duration shortestGapAfter(WireMockServer crm, int status) {
        List<ServeEvent> events = new ArrayList<>(crm.getAllServeEvents());
        events.sort(Comparator.comparing(e -> e.getRequest().getLoggedDate()));
        Duration shortest = Duration.ofDays(1);
        for (int i = 0; i < events.size() - 1; i++) {
            if (events.get(i).getResponse() != null && events.get(i).getResponse().getStatus() == status) {
                Duration gap = Duration.between(events.get(i).getRequest().getLoggedDate().toInstant(),
                        events.get(i + 1).getRequest().getLoggedDate().toInstant());
                shortest = gap.compareTo(shortest) < 0 ? gap : shortest;
            }
        }
        return shortest;
    }

    private static String latestRestToken(WireMockServer bullhorn) {
        return bullhorn.getAllServeEvents().stream().filter(e -> e.getRequest().containsHeader("BhRestToken"))
                .max(Comparator.comparing(e -> e.getRequest().getLoggedDate()))
                .map(e -> e.getRequest().getHeader("BhRestToken")).orElse(null);
    }
}
