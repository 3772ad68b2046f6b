package dev.dispositions.gateway.crm.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dispositions.gateway.canonical.PhoneNumbers;
import dev.dispositions.gateway.crm.CrmCall;
import dev.dispositions.gateway.crm.Delivery;
import dev.dispositions.gateway.crm.HttpReply;
import dev.dispositions.gateway.crm.PersonLookups;
import dev.dispositions.gateway.crm.Reading;
import dev.dispositions.gateway.delivery.DeliveryResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Finds contacts with the contacts search endpoint (docs/sources.md#hubspot-contact-search), several keys a search:
 * the numbers' written forms against {@code phone} and {@code mobilephone} (one filter group each, OR-ed), or the
 * e-mails; each contact found is matched back to a key by its digits or address. Several matches: the most recently
 * modified is taken, and the event says how many matched.
 */
final class HubspotSearches {
    static final String PATH = "/crm/v3/objects/contacts/search";
    /** Numbers a search: their five written forms stay within a filter's values. */
    private static final int PHONES_PER_SEARCH = 10;
    private static final int EMAILS_PER_SEARCH = 50;
    private static final ObjectMapper JSON = new ObjectMapper();

    private HubspotSearches() {
    }

    static List<CrmCall> plan(Map<String, List<Long>> missing) {
        List<CrmCall> calls = new ArrayList<>();
        for (boolean phones : new boolean[] {true, false}) {
            List<CrmCall.Part> keys = missing.entrySet().stream().filter(e -> PersonLookups.isPhone(e.getKey()) == phones)
                    .map(e -> new CrmCall.Part(e.getKey(), e.getValue())).toList();
            int per = phones ? PHONES_PER_SEARCH : EMAILS_PER_SEARCH;
            for (int from = 0; from < keys.size(); from += per) {
                List<CrmCall.Part> chunk = keys.subList(from, Math.min(keys.size(), from + per));
                calls.add(CrmCall.lookup("search contacts by " + chunk.size() + (phones ? " phone number(s)" : " e-mail address(es)"),
                        "POST", PATH, Map.of(), request(chunk.stream().map(p -> PersonLookups.term(p.key())).toList(), phones), chunk));
            }
        }
        return calls;
    }

    static String request(List<String> terms, boolean phones) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode groups = body.putArray("filterGroups");
        if (phones) {
            for (String property : new String[] {"phone", "mobilephone"}) {
                ObjectNode filter = groups.addObject().putArray("filters").addObject();
                filter.put("propertyName", property).put("operator", "IN");
                ArrayNode values = filter.putArray("values");
                terms.forEach(t -> PhoneNumbers.variants(t).forEach(values::add));
            }
        } else {
            ObjectNode filter = groups.addObject().putArray("filters").addObject().put("propertyName", "email").put("operator", "IN");
            ArrayNode values = filter.putArray("values");
            terms.forEach(t -> values.add(t.toLowerCase(Locale.ROOT)));
        }
        body.putArray("sorts").addObject().put("propertyName", "lastmodifieddate").put("direction", "DESCENDING");
        body.putArray("properties").add("email").add("phone").add("mobilephone");
        body.put("limit", 100);
        return body.toString();
    }

    static Reading read(Delivery delivery, CrmCall call, HttpReply answer) {
        JsonNode results = null;
        if (answer.isSuccess()) {
            try {
                results = JSON.readTree(answer.body()).path("results");
            } catch (IOException e) {
                results = null;
            }
        }
        if (results == null) {
            List<DeliveryResult> failed = new ArrayList<>();
            call.items().forEach(id -> failed.add(HubspotAnswers.failed(delivery.item(id), null, answer)));
            return Reading.settled(failed);
        }
        List<Reading.Fact> facts = new ArrayList<>();
        for (CrmCall.Part part : call.parts()) {
            List<JsonNode> matches = new ArrayList<>();
            results.forEach(r -> {
                // One key searched: whatever was found was found for it.
                if (call.parts().size() == 1 || matches(r.path("properties"), part.key())) {
                    matches.add(r);
                }
            });
            facts.add(matches.isEmpty() ? PersonLookups.nobody(part.key())
                    : PersonLookups.found(part.key(), matches.get(0).path("id").asText(), "contact", matches.size()));
        }
        return Reading.learned(facts);
    }

    private static boolean matches(JsonNode properties, String key) {
        String term = PersonLookups.term(key);
        if (!PersonLookups.isPhone(key)) {
            return term.equalsIgnoreCase(properties.path("email").asText(""));
        }
        Set<String> digits = Set.copyOf(PhoneNumbers.variants(term).stream().map(v -> v.replaceAll("\\D", "")).toList());
        return List.of("phone", "mobilephone").stream().map(p -> properties.path(p).asText("").replaceAll("\\D", ""))
                .anyMatch(d -> !d.isEmpty() && digits.contains(d));
    }
}
