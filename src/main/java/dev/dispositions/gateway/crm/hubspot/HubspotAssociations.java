package dev.dispositions.gateway.crm.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dispositions.gateway.crm.CrmCall;
import dev.dispositions.gateway.crm.Delivery;
import dev.dispositions.gateway.crm.HttpReply;
import dev.dispositions.gateway.crm.Reading;
import dev.dispositions.gateway.crm.hubspot.HubspotRecords.Prepared;
import dev.dispositions.gateway.delivery.DeliveryItem;
import dev.dispositions.gateway.delivery.DeliveryResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Upserted calls linked to their contacts, a batch at a time: upsert inputs carry no associations, so once
 * HubSpot has answered with the calls' ids they get the default association
 * ({@code POST /crm/v4/associations/calls/contacts/batch/associate/default}), which is idempotent like the upsert;
 * a link that fails is retried, upsert and all.
 */
final class HubspotAssociations {
    static final String PATH = "/crm/v4/associations/calls/contacts/batch/associate/default";
    private static final ObjectMapper JSON = new ObjectMapper();

    private HubspotAssociations() {
    }

    /** Items upserted in this delivery whose link to their contact is still to be made. */
    static List<DeliveryItem> waiting(Delivery delivery) {
        return delivery.open().stream().filter(i -> delivery.fact(HubspotBatches.WRITTEN + i.outboxId()).isPresent()).toList();
    }

    static List<CrmCall> plan(Delivery delivery, List<DeliveryItem> written, Function<DeliveryItem, Prepared> again, int perRequest) {
        List<CrmCall> calls = new ArrayList<>();
        for (int from = 0; from < written.size(); from += perRequest) {
            List<DeliveryItem> chunk = written.subList(from, Math.min(written.size(), from + perRequest));
            ObjectNode body = JSON.createObjectNode();
            ArrayNode inputs = body.putArray("inputs");
            List<CrmCall.Part> parts = new ArrayList<>();
            for (DeliveryItem item : chunk) {
                String callId = callResult(delivery, item).path("id").asText();
                ObjectNode input = inputs.addObject();
                input.putObject("from").put("id", callId);
                input.putObject("to").put("id", again.apply(item).who().id());
                parts.add(CrmCall.Part.of(callId, item.outboxId()));
            }
            calls.add(CrmCall.write("link " + chunk.size() + " calls to their contacts", "POST", PATH, body.toString(), parts));
        }
        return calls;
    }

    static Reading read(Delivery delivery, CrmCall call, HttpReply answer, Function<DeliveryItem, Prepared> again) {
        Map<String, JsonNode> linked = new HashMap<>();
        if (answer.isSuccess()) {
            HubspotBatches.tree(answer.body()).path("results").forEach(r -> linked.put(r.path("from").path("id").asText(), r));
        }
        JsonNode errors = HubspotBatches.tree(answer.body()).path("errors");
        List<DeliveryResult> results = new ArrayList<>();
        for (CrmCall.Part part : call.parts()) {
            DeliveryItem item = delivery.item(part.items().get(0));
            Prepared p = again.apply(item);
            String request = p.input().toString();
            if (linked.containsKey(part.key())) {
                results.add(HubspotAnswers.done(p, request, 200, callResult(delivery, item), 1));
                continue;
            }
            DeliveryResult failed = !answer.isSuccess() ? HubspotAnswers.failed(item, request, answer)
                    : errors.isEmpty() ? HubspotAnswers.unmentioned(item, request, answer.status(), "link")
                    : HubspotAnswers.batchError(item, request, answer.status(), errors.get(0));
            results.add(DeliveryResult.failed(item, failed.kind(),
                    request, failed.httpStatus(), failed.response(), "call " + part.key() + " written, but linking it to contact "
                            + p.who().id() + " failed: " + failed.detail(), failed.retryAfter()));
        }
        return Reading.settled(results);
    }

    private static JsonNode callResult(Delivery delivery, DeliveryItem item) {
        return HubspotBatches.tree(delivery.fact(HubspotBatches.WRITTEN + item.outboxId()).orElseThrow().value());
    }
}
