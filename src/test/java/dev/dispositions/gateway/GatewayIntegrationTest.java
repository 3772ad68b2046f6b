package dev.dispositions.gateway;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.dispositions.gateway.dialer.StandardWebhooks;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.commons.codec.digest.HmacAlgorithms;
import org.apache.commons.codec.digest.HmacUtils;
import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole gateway on the demo profile (so the README's demo is what is tested), a fresh H2 file, and WireMock
 * standing in for each CRM with the stubs in src/test/resources/wiremock/&lt;crm&gt;. Tenant default connects
 * Salesforce; tenant globex connects Salesforce, HubSpot and Bullhorn. Subclasses share
 * one Spring context; each test uses its own call ids, so none needs to reset the stand-in.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:file:./target/test-db/${random.uuid};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0",
        "gateway.dispatch.poll-interval=100ms",
        "gateway.dispatch.retry.initial-delay=200ms",
        "gateway.dispatch.retry.max-delay=1s",
        "gateway.dispatch.retry.max-attempts=3",
        "gateway.dispatch.retry.reauth-probe=1s",
        // an admin's fixed CRM mapping files go here (empty: the packaged ones), reloaded through the API
        "gateway.mappings.dir=" + GatewayIntegrationTest.MAPPINGS_OVERRIDE,
        "gateway.tenants.acme.dialers.generic.secret=" + GatewayIntegrationTest.ACME_SECRET,
        // acme would rather refuse an unmapped label that reads like an opt-out than record it as one
        "gateway.tenants.acme.dialers.generic.possible-opt-out=reject",
        "gateway.token-key=" + GatewayIntegrationTest.TOKEN_KEY,
        // Salesforce's other server flows: a refresh token, and a JWT bearer signed with a key made for the run.
        "gateway.tenants.initech.dialers.generic.secret=" + GatewayIntegrationTest.ACME_SECRET,
        "gateway.tenants.initech.crms.salesforce.authentication=refresh-token",
        "gateway.tenants.initech.crms.salesforce.client-id=demo-client-id",
        "gateway.tenants.initech.crms.salesforce.refresh-token=demo-refresh-token",
        "gateway.tenants.umbrella.dialers.generic.secret=" + GatewayIntegrationTest.ACME_SECRET,
        "gateway.tenants.umbrella.crms.salesforce.authentication=jwt-bearer",
        "gateway.tenants.umbrella.crms.salesforce.client-id=demo-jwt-client",
        "gateway.tenants.umbrella.crms.salesforce.username=integration@umbrella.example",
        "gateway.tenants.umbrella.crms.salesforce.keystore=" + GatewayIntegrationTest.JWT_KEYSTORE,
        "gateway.tenants.umbrella.crms.salesforce.keystore-password=changeit",
        // A HubSpot portal reached through a public app's OAuth refresh token.
        "gateway.tenants.hooli.dialers.generic.secret=" + GatewayIntegrationTest.ACME_SECRET,
        "gateway.tenants.hooli.crms.hubspot.authentication=oauth",
        "gateway.tenants.hooli.crms.hubspot.client-id=demo-hs-client",
        "gateway.tenants.hooli.crms.hubspot.client-secret=demo-hs-secret",
        "gateway.tenants.hooli.crms.hubspot.refresh-token=demo-hs-refresh",
        // hooli's portal has no call-key property: plain creates (batch/create), as before idempotent writes
        "gateway.tenants.hooli.crms.hubspot.call-id-property=",
        // "Connect with OAuth": the operator's connected app (Salesforce) and public app (HubSpot)
        "gateway.oauth.salesforce.client-id=demo-oauth-client",
        "gateway.oauth.salesforce.client-secret=demo-oauth-secret",
        "gateway.oauth.hubspot.client-id=demo-hs-client",
        "gateway.oauth.hubspot.client-secret=demo-hs-secret",
        // webhook destinations reach the receivers the tests run on this machine (loopback is refused otherwise)
        "gateway.destinations.allowed-ranges=127.0.0.0/8,::1/128",
        // a destination failing this long is paused (5 days outside the tests): longer than the outages the fault tests
        // make; the test of the pause itself dates the failing back
        "gateway.destinations.disable-after=PT5M",
        "gateway.alerts.send-every=200ms",
        "gateway.alerts.watch-every=1h"})
@ActiveProfiles("demo")
// Spring's tests switch metrics export off; the gateway's Prometheus endpoint is part of what is tested.
@org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability(tracing = false)
public abstract class GatewayIntegrationTest {
    public static final String DEMO_GENERIC_SECRET = "whsec_ZGVtby1nZW5lcmljLXNpZ25pbmcta2V5LTAxMjM0NTY=";
    public static final String DEMO_TWILIO_TOKEN = "demo-twilio-auth-token";
    public static final String ACME_SECRET = "whsec_YWNtZS1nZW5lcmljLXNpZ25pbmcta2V5";
    public static final String GLOBEX_SECRET = "whsec_Z2xvYmV4LWdlbmVyaWMtc2lnbmluZy1rZXk=";
    public static final String ADMIN_KEY = "demo-admin-key";
    public static final String TASKS = "/services/data/v61.0/sobjects/Task";
    /** A Task is written by upsert on its external-id field: {@code PATCH …/sobjects/Task/Dialer_Call_Id__c/<dialer>:<call id>}. */
    /** Tasks upserted on the call key, up to 200 a request (sObject Collections). */
    public static final String TASK_UPSERTS = "/services/data/v61.0/composite/sobjects/Task/Dialer_Call_Id__c";
    /** Records updated by id, up to 200 a request (sObject Collections). */
    public static final String RECORD_UPDATES = "/services/data/v61.0/composite/sobjects";
    public static final String JWT_KEYSTORE = "target/test-jwt-keystore.p12";
    public static final String MAPPINGS_OVERRIDE = "target/test-mappings-override";
    /** The tests' key for CRM tokens kept in the database (base64 of 32 bytes). */
    public static final String TOKEN_KEY = "dGVzdHMtb25seS10b2tlbi1rZXktMzItYnl0ZXMtISE=";

    protected static final WireMockServer SALESFORCE =
            new WireMockServer(options().dynamicPort().usingFilesUnderClasspath("wiremock/salesforce"));
    protected static final WireMockServer HUBSPOT =
            new WireMockServer(options().dynamicPort().usingFilesUnderClasspath("wiremock/hubspot"));
    protected static final WireMockServer BULLHORN =
            new WireMockServer(options().dynamicPort().usingFilesUnderClasspath("wiremock/bullhorn"));
    /** The operator's SMTP server, for e-mail alerts. */
    protected static final com.icegreen.greenmail.util.GreenMail MAIL =
            new com.icegreen.greenmail.util.GreenMail(com.icegreen.greenmail.util.ServerSetupTest.SMTP.dynamicPort());

    static {
        makeJwtKeystore();
        SALESFORCE.start();
        MAIL.start();
        HUBSPOT.start();
        BULLHORN.start();
    }

    /** A throw-away RSA key and self-signed certificate for the jwt-bearer tenant, made with the JDK's keytool. */
    private static void makeJwtKeystore() {
        try {
            java.nio.file.Path store = java.nio.file.Path.of(JWT_KEYSTORE);
            if (java.nio.file.Files.exists(store)) {
                return;
            }
            java.nio.file.Files.createDirectories(store.getParent());
            Process keytool = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                    "-genkeypair", "-alias", "salesforce", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=gateway-test",
                    "-validity", "3", "-storetype", "PKCS12", "-keystore", JWT_KEYSTORE, "-storepass", "changeit", "-keypass", "changeit")
                    .redirectErrorStream(true).start();
            String output = new String(keytool.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (keytool.waitFor() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void crms(DynamicPropertyRegistry registry) {
        registry.add("gateway.tenants.default.crms.salesforce.login-url", SALESFORCE::baseUrl);
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> MAIL.getSmtp().getPort());
        registry.add("gateway.tenants.globex.crms.salesforce.login-url", SALESFORCE::baseUrl);
        registry.add("gateway.tenants.initech.crms.salesforce.login-url", SALESFORCE::baseUrl);
        registry.add("gateway.tenants.umbrella.crms.salesforce.login-url", SALESFORCE::baseUrl);
        registry.add("gateway.tenants.globex.crms.hubspot.base-url", HUBSPOT::baseUrl);
        registry.add("gateway.tenants.hooli.crms.hubspot.base-url", HUBSPOT::baseUrl);
        registry.add("gateway.oauth.salesforce.production-url", SALESFORCE::baseUrl);
        registry.add("gateway.oauth.salesforce.my-domain-url", SALESFORCE::baseUrl);
        registry.add("gateway.oauth.hubspot.authorize-url", () -> HUBSPOT.baseUrl() + "/oauth/authorize");
        registry.add("gateway.oauth.hubspot.api-url", HUBSPOT::baseUrl);
        registry.add("gateway.tenants.globex.crms.bullhorn.oauth-url", () -> BULLHORN.baseUrl() + "/oauth");
        registry.add("gateway.tenants.globex.crms.bullhorn.rest-login-url", () -> BULLHORN.baseUrl() + "/rest-services");
        registry.add("gateway.destinations.kafka.brokers", KafkaTestBroker::bootstrapServers);
    }

    /** The gateway on the PostgreSQL of GATEWAY_PG_URL, in a schema of its own (a subclass's @DynamicPropertySource). */
    protected static void onPostgres(DynamicPropertyRegistry registry, String schema) {
        registry.add("spring.datasource.url", () -> System.getenv("GATEWAY_PG_URL"));
        registry.add("spring.datasource.username", () -> System.getenv().getOrDefault("GATEWAY_PG_USER", "gateway"));
        registry.add("spring.datasource.password", () -> System.getenv().getOrDefault("GATEWAY_PG_PASSWORD", "gateway"));
        registry.add("spring.datasource.hikari.schema", () -> schema);
        registry.add("spring.flyway.schemas", () -> schema);
    }

    @LocalServerPort
    protected int port;
    /** Health and metrics are on their own port (management.server.port), random in the tests. */
    @org.springframework.boot.test.web.server.LocalManagementPort
    protected int managementPort;
    @Autowired
    protected ObjectMapper json;
    @Autowired
    private org.apache.camel.ProducerTemplate camel;
    @Autowired
    private org.apache.camel.CamelContext camelContext;

    /**
     * Waits until the dispatch tick has run {@code cycles} more times and every lane it opened has closed: whatever
     * was due was claimed, sent and settled by then, so a test can say that nothing more was sent without guessing a sleep.
     */
    protected void afterDispatchCycles(int cycles) {
        afterDispatchCycles(camelContext, cycles);
    }

    static void afterDispatchCycles(org.apache.camel.CamelContext camel, int cycles) {
        var done = new org.apache.camel.builder.NotifyBuilder(camel).fromRoute("dispatch-outbox").whenCompleted(cycles).create();
        assertThat(done.matches(30, java.util.concurrent.TimeUnit.SECONDS)).as(cycles + " dispatch cycles within 30 s").isTrue();
        var lanes = camel.getRegistry().findSingleByType(dev.dispositions.gateway.dispatch.DispatchLanes.class);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> lanes.openLanes() == 0);
    }
    protected final HttpClient http = HttpClient.newHttpClient();

    /** Delivers a batch through its connector's route, as the dispatcher does: one result per item. */
    @SuppressWarnings("unchecked")
    protected List<dev.dispositions.gateway.delivery.DeliveryResult> deliver(dev.dispositions.gateway.delivery.DeliveryBatch batch) {
        return camel.requestBody(dev.dispositions.gateway.crm.CrmConnector.deliveryEndpoint(batch.crm()), batch, List.class);
    }

    /** Like WireMock's failOnUnmatchedRequests: any request no stub matched fails the test that sent it. */
    @AfterEach
    void everyCrmRequestMatchedAStub() {
        assertThat(SALESFORCE.findAllUnmatchedRequests()).as("requests no Salesforce stub matched").isEmpty();
        assertThat(HUBSPOT.findAllUnmatchedRequests()).as("requests no HubSpot stub matched").isEmpty();
        assertThat(BULLHORN.findAllUnmatchedRequests()).as("requests no Bullhorn stub matched").isEmpty();
    }

    protected static String newCallId() {
        return "CA" + UUID.randomUUID().toString().replace("-", "");
    }

    // ---- sending webhooks ----

    public record Reply(int status, String contentType, JsonNode body, String raw) {
    }

    protected Reply postRaw(String path, String contentType, Map<String, String> headers, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        headers.forEach(b::header);
        return send(b.build());
    }

    /** Any admin API request with the operator's key, its JSON body and answer. */
    protected Reply asOperator(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json")
                .header("X-Api-Key", ADMIN_KEY);
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), null, r.body().isBlank() ? null : json.readTree(r.body()), r.body());
    }

    protected Reply getRaw(String path, Map<String, String> headers) {
        return getRaw(port, path, headers);
    }

    /** From the management port: health and metrics. */
    protected Reply getManagement(String path) {
        return getRaw(managementPort, path, Map.of());
    }

    private Reply getRaw(int toPort, String path, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + toPort + path)).GET();
        headers.forEach(b::header);
        return send(b.build());
    }

    private Reply send(HttpRequest request) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body = null;
            try {
                body = r.body().isBlank() ? null : json.readTree(r.body());
            } catch (IOException notJson) {
                // left null: the test asserts on raw
            }
            return new Reply(r.statusCode(), r.headers().firstValue("Content-Type").orElse(null), body, r.body());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A Twilio status callback, signed as Twilio signs it for the demo's public URL. */
    protected Reply postTwilio(String formBody) {
        return postRaw("/webhooks/twilio", "application/x-www-form-urlencoded",
                Map.of("X-Twilio-Signature", twilioSignature(DEMO_TWILIO_TOKEN, "http://localhost:8080/webhooks/twilio", formBody)),
                formBody);
    }

    /** A generic-dialer event, signed per Standard Webhooks with a fresh webhook-id unless one is given. */
    protected Reply postGeneric(String path, String secret, String webhookId, String jsonBody) {
        String ts = String.valueOf(Instant.now().getEpochSecond());
        String sig = Base64.getEncoder().encodeToString(
                StandardWebhooks.sign(secret, webhookId, ts, jsonBody.getBytes(StandardCharsets.UTF_8)));
        return postRaw(path, "application/json", Map.of(StandardWebhooks.ID, webhookId, StandardWebhooks.TIMESTAMP, ts,
                StandardWebhooks.SIGNATURE, "v1," + sig), jsonBody);
    }

    /** Sends the call as its tenant's generic dialer and returns the event id of the 202 (fails the test otherwise). */
    protected String accepted(TestCall call) {
        Reply reply = sent(call);
        org.assertj.core.api.Assertions.assertThat(reply.status()).as(reply.raw()).isEqualTo(202);
        return reply.body().get("eventId").asText();
    }

    /** Sends the call as its tenant's generic dialer, whatever the answer. */
    protected Reply sent(TestCall call) {
        String secret = switch (call.tenant()) {
            case "globex" -> GLOBEX_SECRET;
            case "default" -> DEMO_GENERIC_SECRET;
            case "hooli", "acme" -> ACME_SECRET;
            default -> throw new IllegalArgumentException("no generic-dialer secret for tenant " + call.tenant());
        };
        return postGeneric("/webhooks/" + call.tenant() + "/generic", secret, "msg_" + call.callId() + "_" + newCallId(), call.json());
    }

    /** An independent implementation of Twilio's scheme (URL + sorted name/value pairs, HMAC-SHA1, base64). */
    protected static String twilioSignature(String token, String url, String formBody) {
        Map<String, String> sorted = new TreeMap<>();
        for (String pair : formBody.split("&")) {
            String[] kv = pair.split("=", 2);
            sorted.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), kv.length < 2 ? "" : URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        StringBuilder data = new StringBuilder(url);
        sorted.forEach((k, v) -> data.append(k).append(v));
        return Base64.getEncoder().encodeToString(new HmacUtils(HmacAlgorithms.HMAC_SHA_1, token.getBytes(StandardCharsets.UTF_8))
                .hmac(data.toString().getBytes(StandardCharsets.UTF_8)));
    }

    // ---- reading state ----

    protected JsonNode event(String eventId) {
        Reply r = getRaw("/api/events/" + eventId, Map.of("X-Api-Key", ADMIN_KEY));
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        return r.body();
    }

    /** One CRM's delivery of an event: its call activity, or another action ("do-not-contact"). */
    protected JsonNode delivery(String eventId, String crm, String action) {
        for (JsonNode d : event(eventId).get("deliveries")) {
            if (crm.equals(d.get("crm").asText()) && action.equals(d.get("action").asText())) {
                return d;
            }
        }
        throw new AssertionError("event " + eventId + " has no " + crm + " " + action + " delivery");
    }

    protected JsonNode delivery(String eventId, String crm) {
        return delivery(eventId, crm, "activity");
    }

    /**
     * HubSpot calls are written by batch/create with their link on a first attempt, by batch/upsert on the call-key
     * property on a retry: a path pattern for both.
     */
    public static final String CALL_WRITES = "/crm/v3/objects/calls/batch/(create|upsert)";

    protected static List<LoggedRequest> hubspotCallsFor(String callId) {
        return HUBSPOT.findAll(WireMock.postRequestedFor(WireMock.urlPathMatching(CALL_WRITES)).withRequestBody(WireMock.containing(callId)));
    }

    /** The properties of the first HubSpot call written for this call id. */
    protected JsonNode hubspotCallProperties(String callId) throws Exception {
        return hubspotInputs(CALL_WRITES, callId).get(0).get("properties");
    }

    /** The inputs of HubSpot batch requests to {@code path} (a pattern) whose JSON mentions {@code text}, in the order they were sent. */
    protected List<JsonNode> hubspotInputs(String path, String text) throws Exception {
        List<JsonNode> inputs = new java.util.ArrayList<>();
        for (LoggedRequest r : HUBSPOT.findAll(WireMock.postRequestedFor(WireMock.urlPathMatching(path)).withRequestBody(WireMock.containing(text)))) {
            for (JsonNode input : json.readTree(r.getBodyAsString()).path("inputs")) {
                if (input.toString().contains(text)) {
                    inputs.add(input);
                }
            }
        }
        return inputs;
    }

    /** Each upsert of the call's activity Task (its key is {@code <dialer>:<call id>}), one per request that carried it. */
    protected static List<SentRecord> tasksFor(String callId) {
        return SentRecord.in(SALESFORCE.findAll(WireMock.patchRequestedFor(WireMock.urlPathEqualTo(TASK_UPSERTS))
                .withRequestBody(WireMock.containing(callId))), callId).stream()
                .filter(r -> r.record().path("Dialer_Call_Id__c").asText().endsWith(":" + callId)).toList();
    }

    /** Each upsert of a Task an outcome action made for the call (its key is {@code <dialer>:<call id>:<action>}). */
    protected static List<SentRecord> actionTasksFor(String callId, String action) {
        return SentRecord.in(SALESFORCE.findAll(WireMock.patchRequestedFor(WireMock.urlPathEqualTo(TASK_UPSERTS))
                .withRequestBody(WireMock.containing(callId))), callId).stream()
                .filter(r -> r.record().path("Dialer_Call_Id__c").asText().endsWith(":" + callId + ":" + action)).toList();
    }

    /** Each record updated by id (a Task written earlier, a Lead's status, the do-not-call flags) whose JSON mentions {@code text}. */
    protected static List<SentRecord> updatesMentioning(String text) {
        return SentRecord.in(SALESFORCE.findAll(WireMock.patchRequestedFor(WireMock.urlPathEqualTo(RECORD_UPDATES))
                .withRequestBody(WireMock.containing(text))), text);
    }

    /** Each update of the Salesforce record with this id. */
    protected static List<SentRecord> salesforceUpdatesOf(String id) {
        return updatesMentioning("\"" + id + "\"").stream().filter(r -> id.equals(r.record().path("id").asText())).toList();
    }

    /** Each batch update input of the HubSpot contact with this id. */
    protected List<JsonNode> hubspotContactUpdatesOf(String id) throws Exception {
        return hubspotInputs("/crm/v3/objects/contacts/batch/update", "\"" + id + "\"").stream()
                .filter(i -> id.equals(i.path("id").asText())).toList();
    }

    /**
     * A Salesforce stand-in answer to a collection: the records whose JSON mentions {@code callId} refused with
     * {@code code}, every other record written, as Salesforce answers with {@code allOrNone=false} (200, a result each).
     */
    protected static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder refuseRecordsOf(String callId, String code, String message) {
        return WireMock.aResponse().withStatus(200).withHeader("Content-Type", "application/json;charset=UTF-8")
                .withBody("[{{#each (jsonPath request.body '$.records') as |r|}}{{#unless @first}},{{/unless}}"
                        + "{{#contains (toJson r) '" + callId + "'}}{\"success\":false,\"errors\":[{\"statusCode\":\"" + code
                        + "\",\"message\":\"" + message + "\",\"fields\":[]}]}"
                        + "{{else}}{\"id\":\"00T{{randomValue length=15 type='ALPHANUMERIC'}}\",\"success\":true,\"errors\":[],\"created\":true}"
                        + "{{/contains}}{{/each}}]")
                .withTransformers("response-template");
    }
}
