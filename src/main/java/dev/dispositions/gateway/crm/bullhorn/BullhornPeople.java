package dev.dispositions.gateway.crm.bullhorn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dispositions.gateway.canonical.PhoneNumbers;
import dev.dispositions.gateway.crm.HttpReply;
import dev.dispositions.gateway.crm.PersonMatch;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Finds the person with Bullhorn's documented JPQL query ({@code GET query/<Entity>?where=…}, docs/sources.md#bullhorn-query):
 * the number's written forms against {@code phone} and {@code mobile}, or {@code email}. ClientContacts are asked
 * first (the people a sales dialer calls), then Candidates; several matches: the first is taken and counted.
 */
@Component
class BullhornPeople implements PersonMatch.Search {
    private static final List<String> ENTITIES = List.of("ClientContact", "Candidate");

    private final BullhornSessions sessions;
    private final ObjectMapper json;

    BullhornPeople(BullhornSessions sessions, ObjectMapper json) {
        this.sessions = sessions;
        this.json = json;
    }

    static String where(String key, boolean isPhone) {
        if (!isPhone) {
            return "email='" + key.replace("'", "''") + "'";
        }
        String values = PhoneNumbers.variants(key).stream().map(v -> "'" + v.replace("'", "''") + "'").collect(Collectors.joining(","));
        return "phone IN (" + values + ") OR mobile IN (" + values + ")";
    }

    @Override
    public Optional<PersonMatch> find(String tenant, String key, boolean isPhone) {
        for (String entity : ENTITIES) {
            BullhornSessions.Session session = sessions.session(tenant);
            HttpReply reply = sessions.call(session.restUrl() + "query/" + entity, "GET", null,
                    Map.of("where", where(key, isPhone), "fields", "id", "count", "5"), null, session.bhRestToken());
            if (reply.status() != 200) {
                throw new BullhornSessions.LoginFailed("person search answered HTTP " + reply.status(), reply.status() == 401);
            }
            try {
                JsonNode data = json.readTree(reply.body()).path("data");
                if (!data.isEmpty()) {
                    return Optional.of(new PersonMatch(data.get(0).path("id").asText(), entity,
                            (isPhone ? "phone " : "e-mail ") + key, data.size()));
                }
            } catch (IOException e) {
                throw new BullhornSessions.LoginFailed("person search answered something that is not JSON", false);
            }
        }
        return Optional.empty();
    }
}
