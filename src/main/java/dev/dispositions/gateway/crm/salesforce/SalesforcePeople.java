package dev.dispositions.gateway.crm.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dispositions.gateway.canonical.PhoneNumbers;
import dev.dispositions.gateway.crm.PersonMatch;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;

/**
 * Finds the Contact or Lead a call was with, by SOSL (README.md#finding-the-person): Salesforce keeps numbers as people typed them,
 * and {@code IN PHONE FIELDS} matches their digits, so the national and international digit forms are searched.
 * Several matches: Contacts before Leads, then Salesforce's relevance order; the first is taken and the event says
 * how many matched.
 */
@Component
class SalesforcePeople implements PersonMatch.Search {
    /** SOSL's reserved characters, escaped with a backslash in a search term. */
    private static final String RESERVED = "?&|!{}[]()^~*:\\\"'+-";

    private final ProducerTemplate producer;
    private final SalesforceComponents components;
    private final ObjectMapper json;

    SalesforcePeople(ProducerTemplate producer, SalesforceComponents components, ObjectMapper json) {
        this.producer = producer;
        this.components = components;
        this.json = json;
    }

    static String sosl(String key, boolean isPhone) {
        if (isPhone) {
            List<String> digits = PhoneNumbers.variants(key).stream().filter(v -> v.matches("\\d+")).toList();
            return "FIND {" + String.join(" OR ", digits) + "} IN PHONE FIELDS RETURNING Contact(Id), Lead(Id)";
        }
        return "FIND {" + escape(key) + "} IN EMAIL FIELDS RETURNING Contact(Id), Lead(Id)";
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

    @Override
    public Optional<PersonMatch> find(String tenant, String key, boolean isPhone) {
        String uri = SalesforceComponents.componentName(tenant) + ":search?rawPayload=true&apiVersion="
                + components.properties(tenant).apiVersion();
        Exchange reply = producer.send(uri, ex -> ex.getMessage().setBody(sosl(key, isPhone)));
        if (reply.getException() != null) {
            throw new LookupFailed(reply.getException());
        }
        JsonNode records = read(reply.getMessage().getBody()).path("searchRecords");
        List<JsonNode> contacts = new ArrayList<>();
        List<JsonNode> leads = new ArrayList<>();
        records.forEach(r -> ("Lead".equals(r.path("attributes").path("type").asText()) ? leads : contacts).add(r));
        List<JsonNode> ranked = new ArrayList<>(contacts);
        ranked.addAll(leads);
        if (ranked.isEmpty()) {
            return Optional.empty();
        }
        JsonNode first = ranked.get(0);
        return Optional.of(new PersonMatch(first.path("Id").asText(), first.path("attributes").path("type").asText(),
                (isPhone ? "phone " : "e-mail ") + key, ranked.size()));
    }

    /** The search itself failed; the delivery classifies the cause as it would a write's. */
    static final class LookupFailed extends RuntimeException {
        LookupFailed(Exception cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }

    private JsonNode read(Object body) {
        try {
            String text = body instanceof InputStream in ? new String(in.readAllBytes(), StandardCharsets.UTF_8) : String.valueOf(body);
            return json.readTree(text);
        } catch (IOException e) {
            return json.createObjectNode();
        }
    }
}
