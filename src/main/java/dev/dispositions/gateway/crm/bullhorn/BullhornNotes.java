package dev.dispositions.gateway.crm.bullhorn;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dispositions.gateway.crm.CrmCall;
import dev.dispositions.gateway.crm.Delivery;
import dev.dispositions.gateway.crm.HttpReply;
import dev.dispositions.gateway.crm.Reading;
import dev.dispositions.gateway.delivery.DeliveryResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Bullhorn has no upsert: each new Note carries the call's key in {@code externalID}, and before writing, one query
 * for the whole batch ({@code query/Note?where=externalID IN (…)}, JPQL on the database, so a Note just written is
 * seen) finds those an earlier attempt wrote but whose answer was lost; they are updated, not written twice. What
 * it finds holds for this delivery only: the next attempt looks again.
 */
final class BullhornNotes {
    static final String PATH = "/query/Note";
    /** Keys a query: the where clause travels in the URL. */
    static final int KEYS_PER_QUERY = 50;
    private static final String FACT = "bullhorn:note:";

    private BullhornNotes() {
    }

    static String fact(String externalId) {
        return FACT + externalId;
    }

    /** @param missing externalID → the item whose Note it would be */
    static List<CrmCall> plan(Map<String, Long> missing) {
        List<CrmCall.Part> keys = missing.entrySet().stream().map(e -> CrmCall.Part.of(e.getKey(), e.getValue())).toList();
        List<CrmCall> calls = new ArrayList<>();
        for (int from = 0; from < keys.size(); from += KEYS_PER_QUERY) {
            List<CrmCall.Part> chunk = keys.subList(from, Math.min(keys.size(), from + KEYS_PER_QUERY));
            String in = chunk.stream().map(p -> BullhornAnswers.quoted(p.key())).collect(Collectors.joining(","));
            calls.add(CrmCall.lookup("look for Notes already written for " + chunk.size() + " call(s)", "GET", PATH,
                    Map.of("where", (chunk.size() == 1 ? "externalID=" + in : "externalID IN (" + in + ")") + " AND isDeleted=false",
                            "fields", "id,externalID", "count", String.valueOf(chunk.size() * 2)), null, chunk));
        }
        return calls;
    }

    static Reading read(Delivery delivery, CrmCall call, HttpReply answer) {
        JsonNode data = BullhornAnswers.queryData(answer);
        if (data == null) {
            List<DeliveryResult> failed = new ArrayList<>();
            call.items().forEach(id -> failed.add(BullhornAnswers.classify(delivery.item(id), null, answer, null)));
            return Reading.settled(failed);
        }
        List<Reading.Fact> facts = new ArrayList<>();
        for (CrmCall.Part part : call.parts()) {
            String found = null;
            for (JsonNode note : data) {
                // One key asked: the Note found is that call's.
                if (call.parts().size() == 1 || part.key().equals(note.path("externalID").asText())) {
                    found = note.path("id").asText(null);
                    break;
                }
            }
            facts.add(Reading.Fact.once(fact(part.key()), found));
        }
        return Reading.learned(facts);
    }
}
