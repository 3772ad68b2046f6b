package dev.dispositions.gateway.crm.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dispositions.gateway.crm.Chunks;
import dev.dispositions.gateway.crm.CrmCall;
import dev.dispositions.gateway.crm.HttpReply;
import dev.dispositions.gateway.crm.PathSegments;
import dev.dispositions.gateway.crm.Reading;
import dev.dispositions.gateway.crm.salesforce.SalesforceRecords.Op;
import dev.dispositions.gateway.crm.salesforce.SalesforceRecords.Prepared;
import dev.dispositions.gateway.delivery.DeliveryItem;
import dev.dispositions.gateway.delivery.DeliveryResult;
import dev.dispositions.gateway.delivery.DeliveryResult.Kind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Records written through sObject Collections (docs/sources.md#salesforce-collections), up to 200 a request, with
 * {@code allOrNone=false} so each record's result settles its own row: upserts on the external-id field (one
 * object type a request), creates, and updates. Updates of one person from several calls in the batch become one
 * update with the latest call's values, since a collection may not name a record twice.
 */
final class SalesforceCollections {
    static final int MAX_RECORDS = 200;
    private static final ObjectMapper JSON = new ObjectMapper();

    private SalesforceCollections() {
    }

    static List<CrmCall> plan(SalesforceProperties settings, List<Prepared> records, int perRequest) {
        String base = "/services/data/v" + settings.apiVersion() + "/composite/sobjects";
        Map<String, List<Prepared>> upserts = new LinkedHashMap<>();
        List<Prepared> creates = new ArrayList<>();
        Map<String, List<Prepared>> updates = new LinkedHashMap<>();
        for (Prepared p : records) {
            switch (p.op()) {
                case UPSERT -> upserts.computeIfAbsent(p.object(), o -> new ArrayList<>()).add(p);
                case CREATE -> creates.add(p);
                case UPDATE -> updates.computeIfAbsent(p.foldKey(), k -> new ArrayList<>()).add(p);
            }
        }
        List<CrmCall> calls = new ArrayList<>();
        upserts.forEach((object, list) -> Chunks.withDistinctIds(list.stream().map(List::of).toList(), perRequest, (List<Prepared> r) -> r.get(0).id()).forEach(chunk ->
                calls.add(call("upsert " + chunk.size() + " " + object + " records on " + settings.externalIdField(), "PATCH",
                        base + PathSegments.slash(object) + PathSegments.slash(settings.externalIdField()), chunk, settings))));
        Chunks.withDistinctIds(creates.stream().map(List::of).toList(), perRequest, (List<Prepared> r) -> r.get(0).id())
                .forEach(chunk -> calls.add(call("create " + chunk.size() + " records", "POST", base, chunk, settings)));
        Chunks.withDistinctIds(new ArrayList<>(updates.values()), perRequest, (List<Prepared> r) -> r.get(0).id())
                .forEach(chunk -> calls.add(call("update " + chunk.size() + " records", "PATCH", base, chunk, settings)));
        return calls;
    }

    private static CrmCall call(String purpose, String method, String path, List<List<Prepared>> chunk, SalesforceProperties settings) {
        ObjectNode body = JSON.createObjectNode().put("allOrNone", false);
        ArrayNode array = body.putArray("records");
        List<CrmCall.Part> parts = new ArrayList<>();
        for (List<Prepared> folded : chunk) {
            array.add(record(folded, settings));
            Prepared first = folded.get(0);
            parts.add(new CrmCall.Part(first.op() == Op.UPSERT ? first.key() : first.id(),
                    folded.stream().map(p -> p.item().outboxId()).toList()));
        }
        return CrmCall.write(purpose, method, path, body.toString(), parts);
    }

    /** One record; folded updates of one person take their fields in call order, the latest call's last. */
    private static ObjectNode record(List<Prepared> folded, SalesforceProperties settings) {
        Prepared first = folded.get(0);
        ObjectNode r = JSON.createObjectNode();
        r.putObject("attributes").put("type", first.object());
        if (first.op() == Op.UPDATE) {
            r.put("id", first.id());
        }
        folded.stream().sorted(Comparator.comparing(p -> p.item().event().occurredAt(), Comparator.nullsFirst(Comparator.naturalOrder())))
                .forEach(p -> p.fields().forEach((name, value) -> r.set(name, JSON.valueToTree(value))));
        if (first.op() == Op.UPSERT) {
            r.put(settings.externalIdField(), first.key());
        }
        return r;
    }

    /** Each record's result, in the order of the request, settles the items folded into it. */
    static Reading read(CrmCall call, HttpReply answer, Function<DeliveryItem, Prepared> again, Function<Long, DeliveryItem> items) {
        JsonNode records = tree(call.body()).path("records");
        JsonNode results = answer.isSuccess() ? tree(answer.body()) : null;
        List<DeliveryResult> settled = new ArrayList<>();
        for (int i = 0; i < call.parts().size(); i++) {
            CrmCall.Part part = call.parts().get(i);
            String request = records.path(i).toString();
            JsonNode result = results != null && results.isArray() ? results.get(i) : null;
            for (long id : part.items()) {
                DeliveryItem item = items.apply(id);
                if (!answer.isSuccess()) {
                    settled.add(SalesforceAnswers.failed(item, request, answer));
                } else if (result == null) {
                    settled.add(DeliveryResult.failed(item, Kind.TRANSIENT, request, answer.status(), answer.body(),
                            "Salesforce's answer did not mention this record; it is sent again", null));
                } else if (result.path("success").asBoolean(false)) {
                    settled.add(done(again.apply(item), request, answer.status(), result, part.items().size()));
                } else {
                    settled.add(SalesforceAnswers.recordFailed(item, request, answer.status(), result));
                }
            }
        }
        return Reading.settled(settled);
    }

    private static DeliveryResult done(Prepared p, String request, int status, JsonNode result, int folded) {
        String id = p.op() == Op.UPDATE ? p.id() : result.path("id").asText(null);
        DeliveryResult done = DeliveryResult.done(p.item(), id, request, status, result.toString());
        if (p.op() == Op.UPSERT && result.has("created") && !result.get("created").asBoolean()) {
            // Worth telling support: an earlier attempt had written it and its answer was lost.
            done = done.noting("upserted onto the " + p.object() + " already written for " + p.key());
        }
        if (folded > 1) {
            done = done.noting("one update for " + folded + " calls to this person in the batch, the latest call's values");
        }
        return done.noting(p.note());
    }

    private static JsonNode tree(String json) {
        try {
            return json == null || json.isBlank() ? JSON.missingNode() : JSON.readTree(json);
        } catch (IOException e) {
            return JSON.missingNode();
        }
    }
}
