package dev.dispositions.gateway.crm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.dispositions.gateway.canonical.CallState;
import dev.dispositions.gateway.canonical.CanonicalDisposition;
import dev.dispositions.gateway.canonical.Direction;
import dev.dispositions.gateway.canonical.Outcome;
import dev.dispositions.gateway.delivery.DeliveryBatch;
import dev.dispositions.gateway.delivery.DeliveryItem;
import dev.dispositions.gateway.delivery.DeliveryResult;
import dev.dispositions.gateway.mapping.CrmMapping;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One golden delivery of a connector, read from {@code src/test/resources/golden/crm/<crm>/<case>.yaml}: the items of
 * a batch, each request the connector's plan must make in order with the CRM's answer to it, and the result each item
 * must end with. {@link #run} drives the connector's {@code plan} and {@code read} round by round with those answers:
 * no HTTP, no database, milliseconds.
 */
final class ConnectorGolden {
    static final ObjectMapper YAML = new YAMLMapper();
    static final ObjectMapper JSON = new ObjectMapper();
    /** Every golden call happens at the same instant, so that rendered dates are stable. */
    static final Instant OCCURRED_AT = Instant.parse("2026-11-30T15:00:00Z");

    final Path file;
    final JsonNode golden;

    ConnectorGolden(Path file) throws IOException {
        this.file = file;
        this.golden = YAML.readTree(file.toFile());
    }

    String crm() {
        return golden.path("crm").asText();
    }

    /** What the connector sent, round by round, and how each item ended. */
    record Transcript(List<Map<String, Object>> sent, Map<Long, DeliveryResult> results) {
    }

    /**
     * @throws AssertionError naming the exchange when the connector makes a call the golden does not have
     */
    Transcript run(CrmConnector connector, CrmMapping mapping) {
        List<DeliveryItem> items = new ArrayList<>();
        for (JsonNode i : golden.path("items")) {
            items.add(new DeliveryItem(i.path("id").asLong(), "evt-" + i.path("id").asLong(), i.path("attempt").asInt(1), event(i.path("call")),
                    i.hasNonNull("record") ? i.path("record").asText() : null, i.path("action").asText(DeliveryItem.ACTIVITY)));
        }
        Delivery delivery = new Delivery(new DeliveryBatch(golden.path("tenant").asText("globex"), crm(), items), mapping, new LookupCache(), false);
        List<Map<String, Object>> sent = new ArrayList<>();
        JsonNode exchanges = golden.path("exchanges");
        while (!delivery.open().isEmpty() && delivery.rounds() < 20) {
            delivery.nextRound();
            Plan plan = connector.plan(delivery);
            plan.settled().forEach(delivery::settle);
            if (plan.isDone()) {
                break;
            }
            for (CrmCall call : plan.calls()) {
                int n = sent.size();
                sent.add(shown(call));
                if (n >= exchanges.size()) {
                    throw new AssertionError(file.getFileName() + ": call " + (n + 1) + " is not in the golden: " + asJson(sent.get(n)));
                }
                Reading reading = connector.read(delivery, call, answer(exchanges.get(n).path("answer")));
                reading.results().stream().filter(r -> r.kind() == DeliveryResult.Kind.THROTTLED).findFirst().ifPresent(delivery::throttledBy);
                delivery.absorb(reading);
            }
        }
        return new Transcript(sent, delivery.settled());
    }

    /** A request as a golden writes it: method, path, query when there is one, body as JSON when there is one. */
    static Map<String, Object> shown(CrmCall call) {
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("method", call.method());
        shown.put("path", call.path());
        if (call.query() != null && !call.query().isEmpty()) {
            shown.put("query", call.query());
        }
        if (call.body() != null) {
            try {
                shown.put("body", JSON.readTree(call.body()));
            } catch (IOException e) {
                shown.put("body", call.body());
            }
        }
        return shown;
    }

    private static HttpReply answer(JsonNode answer) {
        Map<String, Object> headers = new LinkedHashMap<>();
        answer.path("headers").fields().forEachRemaining(h -> headers.put(h.getKey(), h.getValue().asText()));
        if (answer.has("unreachable")) {
            return new HttpReply(0, null, headers, answer.path("unreachable").asText());
        }
        JsonNode body = answer.path("body");
        return new HttpReply(answer.path("status").asInt(200), body.isMissingNode() ? "" : body.isTextual() ? body.asText() : body.toString(),
                headers);
    }

    private static CanonicalDisposition event(JsonNode call) {
        Map<String, String> ids = new LinkedHashMap<>();
        call.path("crmIds").fields().forEachRemaining(e -> ids.put(e.getKey(), e.getValue().asText()));
        CanonicalDisposition.Builder b = CanonicalDisposition.builder("globex", call.path("dialer").asText("generic"), call.path("id").asText())
                .occurredAt(OCCURRED_AT, "vendor").state(CallState.COMPLETED).outcome(Outcome.valueOf(call.path("outcome").asText()))
                .direction(Direction.OUTBOUND).numbers("+14155550000", call.path("phone").asText(null))
                .durations(call.path("durationSeconds").asInt(42), null)
                .prospect(new CanonicalDisposition.Prospect(ids.isEmpty() ? null : ids, call.path("email").asText(null), call.path("phone").asText(null)));
        if (call.hasNonNull("callbackAt")) {
            b.callbackAt(Instant.parse(call.path("callbackAt").asText()));
        }
        if (call.hasNonNull("notes")) {
            b.notes(call.path("notes").asText());
        }
        return b.build();
    }

    /** The golden's expected requests, for comparing with {@link Transcript#sent} as JSON. */
    List<JsonNode> expectedRequests() {
        List<JsonNode> expected = new ArrayList<>();
        golden.path("exchanges").forEach(e -> expected.add(e.path("sent")));
        return expected;
    }

    static JsonNode asJson(Map<String, Object> sent) {
        ObjectNode node = JSON.valueToTree(sent);
        return node;
    }
}
