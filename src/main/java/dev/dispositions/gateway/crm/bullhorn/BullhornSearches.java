package dev.dispositions.gateway.crm.bullhorn;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dispositions.gateway.canonical.PhoneNumbers;
import dev.dispositions.gateway.crm.CrmCall;
import dev.dispositions.gateway.crm.Delivery;
import dev.dispositions.gateway.crm.HttpReply;
import dev.dispositions.gateway.crm.PersonLookups;
import dev.dispositions.gateway.crm.Reading;
import dev.dispositions.gateway.delivery.DeliveryResult;
import dev.dispositions.gateway.delivery.DeliveryResult.Kind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Finds people with Bullhorn's documented JPQL query ({@code GET query/<Entity>?where=…}, docs/sources.md#bullhorn-query),
 * several keys a query: the numbers' written forms against {@code phone} and {@code mobile}, or {@code email}; each
 * record found is matched back to a key. ClientContacts are asked first (the people a sales dialer calls), then
 * Candidates for the keys no ClientContact had; several matches: the first is taken and counted.
 */
final class BullhornSearches {
    private static final int KEYS_PER_QUERY = 20;
    private static final String NO_CLIENT_CONTACT = "bullhorn:no-clientcontact:";

    private BullhornSearches() {
    }

    static List<CrmCall> plan(Delivery delivery, Map<String, List<Long>> missing) {
        Map<String, List<CrmCall.Part>> groups = new LinkedHashMap<>();
        missing.forEach((key, items) -> {
            String entity = delivery.fact(NO_CLIENT_CONTACT + key).isPresent() ? "Candidate" : "ClientContact";
            groups.computeIfAbsent(entity + "/" + PersonLookups.isPhone(key), g -> new ArrayList<>()).add(new CrmCall.Part(key, items));
        });
        List<CrmCall> calls = new ArrayList<>();
        groups.forEach((group, keys) -> {
            String entity = group.substring(0, group.indexOf('/'));
            boolean phones = group.endsWith("/true");
            for (int from = 0; from < keys.size(); from += KEYS_PER_QUERY) {
                List<CrmCall.Part> chunk = keys.subList(from, Math.min(keys.size(), from + KEYS_PER_QUERY));
                String where = where(chunk.stream().map(p -> PersonLookups.term(p.key())).toList(), phones);
                calls.add(CrmCall.lookup("find " + entity + "s by " + chunk.size() + (phones ? " phone number(s)" : " e-mail address(es)"),
                        "GET", "/query/" + entity, Map.of("where", where, "fields", "id,phone,mobile,email",
                                "count", String.valueOf(Math.min(500, 5 * chunk.size()))), null, chunk));
            }
        });
        return calls;
    }

    static String where(List<String> terms, boolean phones) {
        if (!phones) {
            return "email IN (" + terms.stream().map(BullhornAnswers::quoted).collect(Collectors.joining(",")) + ")";
        }
        String values = terms.stream().flatMap(t -> PhoneNumbers.variants(t).stream()).distinct().map(BullhornAnswers::quoted)
                .collect(Collectors.joining(","));
        return "phone IN (" + values + ") OR mobile IN (" + values + ")";
    }

    static Reading read(Delivery delivery, CrmCall call, HttpReply answer) {
        JsonNode data = BullhornAnswers.queryData(answer);
        if (data == null) {
            List<DeliveryResult> failed = new ArrayList<>();
            String why = answer.answered() ? "person search answered HTTP " + answer.status() : "cannot reach Bullhorn: " + answer.failure();
            call.items().forEach(id -> failed.add(DeliveryResult.notSent(delivery.item(id), answer.status() == 401 ? Kind.AUTH : Kind.TRANSIENT, why)));
            return Reading.settled(failed);
        }
        String entity = call.path().substring(call.path().lastIndexOf('/') + 1);
        List<Reading.Fact> facts = new ArrayList<>();
        for (CrmCall.Part part : call.parts()) {
            List<JsonNode> matches = new ArrayList<>();
            for (JsonNode r : data) {
                // One key searched: whatever was found was found for it.
                if (call.parts().size() == 1 || matches(r, part.key())) {
                    matches.add(r);
                }
            }
            if (!matches.isEmpty()) {
                facts.add(PersonLookups.found(part.key(), matches.get(0).path("id").asText(), entity, matches.size()));
            } else {
                facts.add("ClientContact".equals(entity) ? Reading.Fact.once(NO_CLIENT_CONTACT + part.key(), null) : PersonLookups.nobody(part.key()));
            }
        }
        return Reading.learned(facts);
    }

    private static boolean matches(JsonNode record, String key) {
        String term = PersonLookups.term(key);
        if (!PersonLookups.isPhone(key)) {
            return term.equalsIgnoreCase(record.path("email").asText(""));
        }
        Set<String> digits = Set.copyOf(PhoneNumbers.variants(term).stream().map(v -> v.replaceAll("\\D", "")).toList());
        return List.of("phone", "mobile").stream().map(f -> record.path(f).asText("").replaceAll("\\D", ""))
                .anyMatch(d -> !d.isEmpty() && digits.contains(d));
    }
}
