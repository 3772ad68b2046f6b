package dev.dispositions.gateway.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dispositions.gateway.GatewayIntegrationTest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The outcome report against counts computed here, independently, from the calls sent: a call counted once with its
 * latest outcome (a newer event supersedes, a late older one does not, across days too), the connect rule (talk
 * time, else duration, else the outcome's category), inferred opt-outs, and every grouping; CSV; a tenant key sees
 * only its own tenant's. The calls are on days of their own in March 2026, so no other test's calls are counted.
 */
class OutcomeReportsTest extends GatewayIntegrationTest {
    private static final Map<String, String> OPERATOR = Map.of("X-Api-Key", ADMIN_KEY);
    private static final String TENANT = "initech"; // records an opt-out it infers from a label (acme refuses those)
    private static final String FROM = "2026-03-02";
    private static final String TO = "2026-03-04";

    /** One event as sent; the latest of each call is what the report must count. */
    private record Sent(String callId, String at, String agent, String campaign, String list, String outcome, Integer duration,
                        Integer talk) {
        String json() {
            StringBuilder b = new StringBuilder("{\"type\": \"call.ended\", \"callId\": \"" + callId + "\", \"occurredAt\": \"" + at
                    + "\", \"outcome\": \"" + outcome + "\"");
            if (agent != null) {
                b.append(", \"agent\": {\"email\": \"").append(agent).append("\"}");
            }
            if (campaign != null) {
                b.append(", \"campaign\": \"").append(campaign).append("\"");
            }
            if (list != null) {
                b.append(", \"list\": \"").append(list).append("\"");
            }
            if (duration != null) {
                b.append(", \"durationSeconds\": ").append(duration);
            }
            if (talk != null) {
                b.append(", \"talkTimeSeconds\": ").append(talk);
            }
            return b.append("}").toString();
        }

        boolean inferred() {
            return outcome.startsWith("unsubscribe");
        }

        String canonical() {
            return inferred() ? "DO_NOT_CONTACT" : outcome;
        }

        /** The rule the README states: talk time, else duration, else the connected category. */
        boolean connected() {
            return talk != null ? talk > 0 : duration != null ? duration > 0
                    : List.of("MEETING_BOOKED", "INTERESTED", "TRANSFERRED", "TRANSFER_MISSED", "CALLBACK_REQUESTED", "FOLLOW_UP", "NOT_INTERESTED",
                    "DISQUALIFIED", "GATEKEEPER", "CONNECTED").contains(canonical());
        }

        String key(String groupBy) {
            return switch (groupBy) {
                case "agent" -> agent == null ? "" : agent;
                case "campaign" -> campaign == null ? "" : campaign;
                case "list" -> list == null ? "" : list;
                case "dialer" -> "generic";
                default -> at.substring(0, 10);
            };
        }
    }

    private void send(Sent s) {
        Reply r = postGeneric("/webhooks/" + TENANT + "/generic", ACME_SECRET, "msg_" + newCallId(), s.json());
        assertThat(r.status()).as(r.raw()).isEqualTo(202);
    }

    private JsonNode report(String groupBy, Map<String, String> key) {
        Reply r = getRaw("/api/reports/outcomes?tenant=" + TENANT + "&from=" + FROM + "&to=" + TO + "&groupBy=" + groupBy, key);
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        return r.body();
    }

    @Test
    void theReportCountsEachCallOnceWithItsLatestOutcomeInEveryGrouping() throws Exception {
        String run = newCallId().substring(2, 10);
        List<Sent> latest = new ArrayList<>();
        Function<String, String> id = n -> "rep-" + run + "-" + n;
        // Calls with one event each.
        latest.add(new Sent(id.apply("1"), "2026-03-02T09:00:00Z", "ann@initech.example", "Q1", "L1", "MEETING_BOOKED", 130, 120));
        latest.add(new Sent(id.apply("2"), "2026-03-02T09:10:00Z", "ann@initech.example", "Q1", "L1", "NO_ANSWER", 0, null));
        latest.add(new Sent(id.apply("3"), "2026-03-02T09:20:00Z", "bob@initech.example", "Q1", "L2", "CALLBACK_REQUESTED", 45, null));
        latest.add(new Sent(id.apply("4"), "2026-03-02T09:30:00Z", "bob@initech.example", "Q2", null, "FOLLOW_UP", null, null));
        latest.add(new Sent(id.apply("5"), "2026-03-03T10:00:00Z", "ann@initech.example", "Q2", "L2", "DO_NOT_CONTACT", 40, 30));
        latest.add(new Sent(id.apply("6"), "2026-03-03T10:10:00Z", "bob@initech.example", null, "L1", "unsubscribe me please", 20, 0));
        latest.add(new Sent(id.apply("7"), "2026-03-03T10:20:00Z", null, "Q1", "L1", "BUSY", null, null));
        latest.forEach(this::send);
        // A call whose newer event supersedes its first; one whose older event arrives late; one that moves to the next day.
        send(new Sent(id.apply("8"), "2026-03-02T11:00:00Z", "ann@initech.example", "Q1", "L1", "NO_ANSWER", 0, null));
        Sent eightLater = new Sent(id.apply("8"), "2026-03-02T11:05:00Z", "ann@initech.example", "Q1", "L1", "CONNECTED", 70, 60);
        send(eightLater);
        Sent nine = new Sent(id.apply("9"), "2026-03-03T12:00:00Z", "bob@initech.example", "Q2", "L2", "MEETING_BOOKED", 200, 180);
        send(nine);
        send(new Sent(id.apply("9"), "2026-03-03T11:50:00Z", "bob@initech.example", "Q2", "L2", "NO_ANSWER", 0, null));
        send(new Sent(id.apply("10"), "2026-03-02T23:59:00Z", "ann@initech.example", "Q2", "L1", "NO_ANSWER", 0, null));
        Sent tenLater = new Sent(id.apply("10"), "2026-03-03T00:04:00Z", "ann@initech.example", "Q2", "L1", "INTERESTED", null, null);
        send(tenLater);
        latest.addAll(List.of(eightLater, nine, tenLater));

        await().atMost(Duration.ofSeconds(30)).until(() -> report("day", OPERATOR).path("total").path("calls").asInt() == latest.size()
                && report("day", OPERATOR).path("total").path("connects").asInt() == (int) latest.stream().filter(Sent::connected).count());
        for (String groupBy : List.of("agent", "campaign", "list", "dialer", "day")) {
            Map<String, Map<String, Integer>> expected = new TreeMap<>();
            for (Sent s : latest) {
                Map<String, Integer> row = expected.computeIfAbsent(s.key(groupBy), k -> new TreeMap<>());
                row.merge("calls", 1, Integer::sum);
                row.merge("connects", s.connected() ? 1 : 0, Integer::sum);
                row.merge("meetings", s.canonical().equals("MEETING_BOOKED") ? 1 : 0, Integer::sum);
                row.merge("callbacks", s.canonical().equals("CALLBACK_REQUESTED") ? 1 : 0, Integer::sum);
                row.merge("followUps", s.canonical().equals("FOLLOW_UP") ? 1 : 0, Integer::sum);
                row.merge("optOuts", s.canonical().equals("DO_NOT_CONTACT") ? 1 : 0, Integer::sum);
                row.merge("inferredOptOuts", s.inferred() ? 1 : 0, Integer::sum);
                row.merge("labelled", 1, Integer::sum); // the generic format's outcome is its label
                row.merge("mapped", s.inferred() ? 0 : 1, Integer::sum);
            }
            Map<String, Map<String, Integer>> actual = new TreeMap<>();
            for (JsonNode row : report(groupBy, OPERATOR).path("rows")) {
                Map<String, Integer> counts = new TreeMap<>();
                expected.values().iterator().next().keySet().forEach(k -> counts.put(k, row.path(k).asInt()));
                actual.put(row.path("key").asText(), counts);
            }
            assertThat(actual).as("grouped by " + groupBy).isEqualTo(expected);
        }
        JsonNode ann = null;
        for (JsonNode row : report("agent", OPERATOR).path("rows")) {
            ann = row.path("key").asText().equals("ann@initech.example") ? row : ann;
        }
        assertThat(ann).isNotNull();
        assertThat(ann.path("connectionRate").asDouble()).as("connects / calls").isEqualTo(
                Math.round(ann.path("connects").asDouble() * 10000 / ann.path("calls").asDouble()) / 10000.0);

        HttpResponse<String> csv = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/reports/outcomes?tenant="
                + TENANT + "&from=" + FROM + "&to=" + TO + "&groupBy=list")).header("X-Api-Key", ADMIN_KEY).header("Accept", "text/csv")
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        List<String> lines = csv.body().lines().toList();
        assertThat(lines.get(0)).startsWith("list,calls,connects,connection_rate,meetings");
        assertThat(lines.get(lines.size() - 1)).startsWith("total," + latest.size() + ",");
    }

    @Test
    void aTenantKeySeesOnlyItsOwnTenantsReportAndBadParametersAreNamed() {
        Reply made = postRaw("/api/keys", "application/json", OPERATOR,
                "{\"name\":\"globex reports\",\"role\":\"tenant-viewer\",\"tenant\":\"globex\"}");
        assertThat(made.status()).as(made.raw()).isBetween(200, 201);
        Map<String, String> globex = Map.of("Authorization", "Bearer " + made.body().path("secret").asText());
        assertThat(getRaw("/api/reports/outcomes?tenant=initech", globex).status()).as("another tenant's: not there").isEqualTo(404);
        Reply own = getRaw("/api/reports/outcomes", globex);
        assertThat(own.status()).as(own.raw()).isEqualTo(200);
        assertThat(own.body().path("tenant").asText()).isEqualTo("globex");
        Map<String, String> refusals = Map.of("groupBy=rep", "groupBy", "from=yesterday", "from", "from=2026-03-05&to=2026-03-01", "from",
                "from=2024-01-01&to=2026-03-01", "from", "", "tenant");
        refusals.forEach((query, field) -> {
            Reply r = getRaw("/api/reports/outcomes?" + query + (field.equals("tenant") ? "" : "&tenant=initech"), OPERATOR);
            assertThat(r.status()).as(query + " -> " + r.raw()).isEqualTo(400);
            assertThat(r.body().path("field").asText()).as(query).isEqualTo(field);
        });
    }

    @Test
    void aTenantsReportDaysAreInItsTimeZoneAndChangingItMovesTheCallsAlreadyCounted() throws Exception {
        String reports = "/api/reports/outcomes?tenant=umbrella&from=2026-03-09&to=2026-03-10&groupBy=day";
        Reply first = postGeneric("/webhooks/umbrella/generic", ACME_SECRET, "msg_" + newCallId(), "{\"type\": \"call.ended\", \"callId\": \""
                + newCallId() + "\", \"occurredAt\": \"2026-03-10T03:00:00Z\", \"outcome\": \"BUSY\"}");
        assertThat(first.status()).as(first.raw()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> getRaw(reports, OPERATOR).body().path("total").path("calls").asInt() == 1);
        assertThat(getRaw(reports, OPERATOR).body().path("rows").get(0).path("key").asText()).as("UTC").isEqualTo("2026-03-10");
        try {
            HttpResponse<String> changed = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                    + "/api/tenants/umbrella/reports/settings")).header("X-Api-Key", ADMIN_KEY).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"timeZone\": \"America/Los_Angeles\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
            assertThat(json.readTree(changed.body()).path("callsMoved").asInt()).isGreaterThanOrEqualTo(1);
            JsonNode moved = getRaw(reports, OPERATOR).body();
            assertThat(moved.path("timeZone").asText()).isEqualTo("America/Los_Angeles");
            assertThat(moved.path("rows").get(0).path("key").asText()).as("03:00 UTC is the evening before in Los Angeles").isEqualTo("2026-03-09");
            Reply second = postGeneric("/webhooks/umbrella/generic", ACME_SECRET, "msg_" + newCallId(), "{\"type\": \"call.ended\", "
                    + "\"callId\": \"" + newCallId() + "\", \"occurredAt\": \"2026-03-10T05:00:00Z\", \"outcome\": \"BUSY\"}");
            assertThat(second.status()).as(second.raw()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(30)).until(() -> getRaw(reports, OPERATOR).body().path("total").path("calls").asInt() == 2);
            assertThat(getRaw(reports, OPERATOR).body().path("rows")).as("a new call is counted on its day in the zone").hasSize(1);
            HttpResponse<String> bad = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                    + "/api/tenants/umbrella/reports/settings")).header("X-Api-Key", ADMIN_KEY).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"timeZone\": \"Mars/Olympus\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(json.readTree(bad.body()).path("field").asText()).isEqualTo("timeZone");
        } finally {
            http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/tenants/umbrella/reports/settings"))
                    .header("X-Api-Key", ADMIN_KEY).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"timeZone\": \"UTC\"}")).build(), HttpResponse.BodyHandlers.discarding());
        }
    }
}
