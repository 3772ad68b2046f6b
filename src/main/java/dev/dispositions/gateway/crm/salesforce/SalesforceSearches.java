package dev.dispositions.gateway.crm.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dispositions.gateway.canonical.PhoneNumbers;
import dev.dispositions.gateway.crm.CrmCall;
import dev.dispositions.gateway.crm.HttpReply;
import dev.dispositions.gateway.crm.PersonLookups;
import dev.dispositions.gateway.crm.Reading;
import dev.dispositions.gateway.delivery.DeliveryItem;
import dev.dispositions.gateway.delivery.DeliveryResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Finds the Contacts and Leads calls were with, by SOSL (README.md#finding-the-person), several numbers in one
 * {@code FIND}: Salesforce keeps numbers as people typed them, and {@code IN PHONE FIELDS} matches their digits, so
 * the national and international digit forms are searched, and each record found is matched back to a number by
 * the digits of its phone fields. Several matches: Contacts before Leads, then Salesforce's relevance order; the
 * first is taken and the event says how many matched.
 */
final class SalesforceSearches {
    /** Numbers or addresses per search: a FIND stays well inside SOSL's length and its 2,000 records. */
    static final int KEYS_PER_SEARCH = 20;
    private static final String RESERVED = "?&|!{}[]()^~*:\\\"'+-";
    private static final List<String> CONTACT_PHONES = List.of("Phone", "MobilePhone", "HomePhone", "OtherPhone", "AssistantPhone");
    private static final List<String> LEAD_PHONES = List.of("Phone", "MobilePhone");
    private static final ObjectMapper JSON = new ObjectMapper();

    private SalesforceSearches() {
    }

    static List<CrmCall> plan(SalesforceProperties settings, Map<String, List<Long>> missing) {
        List<CrmCall> calls = new ArrayList<>();
        for (boolean phones : new boolean[] {true, false}) {
            List<CrmCall.Part> keys = missing.entrySet().stream().filter(e -> PersonLookups.isPhone(e.getKey()) == phones)
                    .map(e -> new CrmCall.Part(e.getKey(), e.getValue())).toList();
            for (int from = 0; from < keys.size(); from += KEYS_PER_SEARCH) {
                List<CrmCall.Part> chunk = keys.subList(from, Math.min(keys.size(), from + KEYS_PER_SEARCH));
                List<String> terms = chunk.stream().map(p -> PersonLookups.term(p.key())).toList();
                calls.add(CrmCall.lookup("search Contacts and Leads by " + terms.size() + (phones ? " phone number(s)" : " e-mail address(es)"),
                        "GET", "/services/data/v" + settings.apiVersion() + "/search/", Map.of("q", sosl(terms, phones)), null, chunk));
            }
        }
        return calls;
    }

    static String sosl(List<String> terms, boolean phones) {
        if (phones) {
            String digits = terms.stream().flatMap(t -> digitForms(t).stream()).distinct().collect(Collectors.joining(" OR "));
            return "FIND {" + digits + "} IN PHONE FIELDS RETURNING Contact(Id, " + String.join(", ", CONTACT_PHONES) + "), Lead(Id, "
                    + String.join(", ", LEAD_PHONES) + ")";
        }
        return "FIND {" + terms.stream().map(SalesforceSearches::escape).collect(Collectors.joining(" OR "))
                + "} IN EMAIL FIELDS RETURNING Contact(Id, Email), Lead(Id, Email)";
    }

    /** What each searched key found, or the search's failure for every item waiting on it. */
    static Reading read(CrmCall call, HttpReply answer, Function<Long, DeliveryItem> items) {
        if (!answer.isSuccess()) {
            List<DeliveryResult> failed = new ArrayList<>();
            call.items().forEach(id -> failed.add(SalesforceAnswers.failed(items.apply(id), null, answer)));
            return Reading.settled(failed);
        }
        JsonNode records;
        try {
            records = JSON.readTree(answer.body() == null ? "{}" : answer.body()).path("searchRecords");
        } catch (IOException e) {
            records = JSON.missingNode();
        }
        List<Reading.Fact> facts = new ArrayList<>();
        for (CrmCall.Part part : call.parts()) {
            List<JsonNode> matches = new ArrayList<>();
            for (String type : new String[] {"Contact", "Lead"}) {
                records.forEach(r -> {
                    // One key searched: whatever was found was found for it.
                    if (type.equals(r.path("attributes").path("type").asText()) && (call.parts().size() == 1 || matches(r, part.key()))) {
                        matches.add(r);
                    }
                });
            }
            facts.add(matches.isEmpty() ? PersonLookups.nobody(part.key())
                    : PersonLookups.found(part.key(), matches.get(0).path("Id").asText(), matches.get(0).path("attributes").path("type").asText(),
                            matches.size()));
        }
        return Reading.learned(facts);
    }

    private static boolean matches(JsonNode record, String key) {
        String term = PersonLookups.term(key);
        if (!PersonLookups.isPhone(key)) {
            return term.toLowerCase(Locale.ROOT).equals(record.path("Email").asText("").toLowerCase(Locale.ROOT));
        }
        Set<String> forms = Set.copyOf(digitForms(term));
        List<String> fields = "Lead".equals(record.path("attributes").path("type").asText()) ? LEAD_PHONES : CONTACT_PHONES;
        return fields.stream().map(f -> record.path(f).asText("").replaceAll("\\D", "")).anyMatch(forms::contains);
    }

    private static List<String> digitForms(String e164) {
        return PhoneNumbers.variants(e164).stream().filter(v -> v.matches("\\d+")).toList();
    }

    private static String escape(String term) {
        StringBuilder out = new StringBuilder();
        for (char c : term.toCharArray()) {
            if (RESERVED.indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }
}
