package dev.dispositions.gateway.crm.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dispositions.gateway.crm.Chunks;
import dev.dispositions.gateway.crm.CrmCall;
import dev.dispositions.gateway.crm.Delivery;
import dev.dispositions.gateway.crm.HttpReply;
import dev.dispositions.gateway.crm.Reading;
import dev.dispositions.gateway.crm.hubspot.HubspotRecords.Op;
import dev.dispositions.gateway.crm.hubspot.HubspotRecords.Prepared;
import dev.dispositions.gateway.delivery.DeliveryItem;
import dev.dispositions.gateway.delivery.DeliveryResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * HubSpot's batch endpoints, up to 100 inputs a request ({@code /crm/v3/objects/<type>/batch/upsert|create|update}).
 * Each input carries its outbox id as {@code objectWriteTraceId}, which HubSpot echoes on its result and on each
 * error's context, so every item gets its own answer; an input the answer does not mention is retried, never
 * assumed written. Updates of one contact from several calls become one input with the latest call's values, since
 * a batch may not name a record twice.
 */
final class HubspotBatches {
    /** HubSpot takes at most 100 inputs per batch (its CLI guidance and community answers; the spec sets no maximum). */
    static final int MAX_INPUTS = 100;
    static final String WRITTEN = "hubspot:written:";
    /** A first attempt's create HubSpot refused as a conflict: the call key is taken, so the item is upserted instead. */
    static final String UPSERT_INSTEAD = "hubspot:upsert-instead:";
    private static final ObjectMapper JSON = new ObjectMapper();

    private HubspotBatches() {
    }

    static List<CrmCall> plan(HubspotProperties settings, List<Prepared> prepared, int perRequest) {
        Map<String, List<List<Prepared>>> byEndpoint = new LinkedHashMap<>();
        Map<String, List<Prepared>> folds = new LinkedHashMap<>();
        for (Prepared p : prepared) {
            if (p.op() == Op.UPDATE) {
                folds.computeIfAbsent(p.foldKey(), k -> new ArrayList<>()).add(p);
            } else {
                byEndpoint.computeIfAbsent(p.object() + "/" + p.op(), k -> new ArrayList<>()).add(List.of(p));
            }
        }
        folds.values().forEach(f -> byEndpoint.computeIfAbsent(f.get(0).object() + "/" + Op.UPDATE, k -> new ArrayList<>()).add(f));
        List<CrmCall> calls = new ArrayList<>();
        byEndpoint.forEach((endpoint, inputs) -> {
            Prepared first = inputs.get(0).get(0);
            for (List<List<Prepared>> chunk : Chunks.withDistinctIds(inputs, perRequest, (List<Prepared> in) -> in.get(0).id())) {
                calls.add(call(settings, first.object(), first.op(), chunk));
            }
        });
        return calls;
    }

    private static CrmCall call(HubspotProperties settings, String object, Op op, List<List<Prepared>> chunk) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode inputs = body.putArray("inputs");
        List<CrmCall.Part> parts = new ArrayList<>();
        for (List<Prepared> folded : chunk) {
            Prepared first = folded.get(0);
            ObjectNode input = input(settings, folded);
            inputs.add(input);
            parts.add(new CrmCall.Part(op == Op.UPDATE ? first.id() : String.valueOf(first.item().outboxId()),
                    folded.stream().map(p -> p.item().outboxId()).toList()));
        }
        String verb = op.name().toLowerCase(java.util.Locale.ROOT);
        return CrmCall.write(verb + " " + chunk.size() + " " + object, "POST", "/crm/v3/objects/" + object + "/batch/" + verb,
                body.toString(), parts);
    }

    private static ObjectNode input(HubspotProperties settings, List<Prepared> folded) {
        Prepared first = folded.get(0);
        ObjectNode input = JSON.createObjectNode();
        switch (first.op()) {
            case UPSERT -> input.put("idProperty", settings.callIdProperty()).put("id", first.key());
            case UPDATE -> input.put("id", first.id());
            case CREATE -> { }
        }
        if (first.op() != Op.UPDATE) {
            input.put("objectWriteTraceId", String.valueOf(first.item().outboxId()));
        }
        ObjectNode properties = input.putObject("properties");
        folded.stream().sorted(java.util.Comparator.comparing(p -> p.item().event().occurredAt(),
                        java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder())))
                .forEach(p -> properties.setAll((ObjectNode) p.input().get("properties")));
        if (first.input().has("associations")) {
            input.set("associations", first.input().get("associations"));
        }
        return input;
    }

    /**
     * Each input's result or error. An upserted call whose contact is known is not done yet: its id is kept for
     * the association round ({@link HubspotAssociations}).
     */
    static Reading read(Delivery delivery, CrmCall call, HttpReply answer, Function<DeliveryItem, Prepared> again) {
        JsonNode requestInputs = tree(call.body()).path("inputs");
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < call.parts().size(); i++) {
            index.put(call.parts().get(i).key(), i);
        }
        List<DeliveryResult> results = new ArrayList<>();
        List<Reading.Fact> facts = new ArrayList<>();
        // A first attempt's create of keyed calls that HubSpot refuses (a key already taken, by a write whose answer
        // was lost; one bad input failing the whole batch) is upserted in the next round: an upsert never writes twice,
        // and what it refuses is then that call's own answer.
        boolean keyedCreate = call.path().endsWith("/objects/calls/batch/create")
                && call.items().stream().allMatch(id -> again.apply(delivery.item(id)).key() != null);
        if (!answer.isSuccess() && keyedCreate && HubspotAnswers.refusesContent(answer)) {
            forEachItem(delivery, call, (i, item) -> facts.add(Reading.Fact.once(UPSERT_INSTEAD + item.outboxId(), answer.body())));
            return new Reading(results, facts);
        }
        if (!answer.isSuccess()) {
            forEachItem(delivery, call, (i, item) -> results.add(HubspotAnswers.failed(item, requestInputs.path(i).toString(), answer)));
            return new Reading(results, facts);
        }
        JsonNode body = tree(answer.body());
        Set<Integer> answered = new HashSet<>();
        // A result may come without the trace id; the call key among its properties then says which input it was.
        Map<String, Integer> byCallKey = new LinkedHashMap<>();
        for (int i = 0; i < call.parts().size(); i++) {
            String key = again.apply(delivery.item(call.parts().get(i).items().get(0))).key();
            if (key != null) {
                byCallKey.put(key, i);
            }
        }
        for (JsonNode r : body.path("results")) {
            // An update's input is named by its record id; a create's or upsert's by its trace id, else its call key.
            Integer i = call.path().endsWith("/batch/update") ? index.get(r.path("id").asText())
                    : r.hasNonNull("objectWriteTraceId") ? index.get(r.get("objectWriteTraceId").asText()) : byKey(r, byCallKey);
            if (i == null || !answered.add(i)) {
                continue;
            }
            for (long id : call.parts().get(i).items()) {
                Prepared p = again.apply(delivery.item(id));
                if (p.op() == Op.UPSERT && p.who().found()) {
                    facts.add(Reading.Fact.once(WRITTEN + id, r.toString()));
                } else {
                    results.add(HubspotAnswers.done(p, requestInputs.path(i).toString(), answer.status(), r, call.parts().get(i).items().size()));
                }
            }
        }
        for (JsonNode error : body.path("errors")) {
            List<Integer> named = new ArrayList<>();
            error.path("context").path("objectWriteTraceId").forEach(t -> named.add(index.get(t.asText())));
            error.path("context").path("ids").forEach(t -> named.add(index.get(t.asText())));
            if (named.isEmpty() && call.parts().size() == 1) {
                named.add(0);
            }
            for (Integer i : named) {
                if (i == null || !answered.add(i)) {
                    continue;
                }
                if (keyedCreate) {
                    call.parts().get(i).items().forEach(id -> facts.add(Reading.Fact.once(UPSERT_INSTEAD + id, error.toString())));
                } else {
                    call.parts().get(i).items().forEach(id -> results.add(HubspotAnswers.batchError(delivery.item(id),
                            requestInputs.path(i).toString(), answer.status(), error)));
                }
            }
        }
        forEachItem(delivery, call, (i, item) -> {
            if (!answered.contains(i)) {
                results.add(HubspotAnswers.unmentioned(item, requestInputs.path(i).toString(), answer.status(),
                        call.path().contains("/objects/calls/") ? "call" : "record"));
            }
        });
        return new Reading(results, facts);
    }

    private static Integer byKey(JsonNode result, Map<String, Integer> byCallKey) {
        for (JsonNode value : result.path("properties")) {
            Integer i = byCallKey.get(value.asText());
            if (i != null) {
                return i;
            }
        }
        return null;
    }

    private static void forEachItem(Delivery delivery, CrmCall call, java.util.function.BiConsumer<Integer, DeliveryItem> each) {
        for (int i = 0; i < call.parts().size(); i++) {
            for (long id : call.parts().get(i).items()) {
                each.accept(i, delivery.item(id));
            }
        }
    }

    static JsonNode tree(String json) {
        try {
            return json == null || json.isBlank() ? JSON.createObjectNode() : JSON.readTree(json);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }
}
