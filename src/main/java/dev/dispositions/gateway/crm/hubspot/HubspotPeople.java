package dev.dispositions.gateway.crm.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dispositions.gateway.canonical.PhoneNumbers;
import dev.dispositions.gateway.crm.HttpReply;
import dev.dispositions.gateway.crm.PersonMatch;
import java.io.IOException;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Finds the contact with the contacts search endpoint (docs/sources.md#hubspot-contact-search): the number's written forms against
 * {@code phone} and {@code mobilephone} (one filter group each, OR-ed), or the e-mail. Several matches: the most
 * recently modified is taken, and the event says how many matched.
 */
@Component
class HubspotPeople implements PersonMatch.Search {
    private final HubspotPortals portals;
    private final ObjectMapper json;

    HubspotPeople(HubspotPortals portals, ObjectMapper json) {
        this.portals = portals;
        this.json = json;
    }

    String request(String key, boolean isPhone) {
        ObjectNode body = json.createObjectNode();
        ArrayNode groups = body.putArray("filterGroups");
        if (isPhone) {
            for (String property : new String[] {"phone", "mobilephone"}) {
                ObjectNode filter = groups.addObject().putArray("filters").addObject();
                filter.put("propertyName", property).put("operator", "IN");
                PhoneNumbers.variants(key).forEach(filter.putArray("values")::add);
            }
        } else {
            groups.addObject().putArray("filters").addObject().put("propertyName", "email").put("operator", "EQ").put("value", key);
        }
        body.putArray("sorts").addObject().put("propertyName", "lastmodifieddate").put("direction", "DESCENDING");
        body.putArray("properties").add("email").add("phone");
        body.put("limit", 10);
        return body.toString();
    }

    @Override
    public Optional<PersonMatch> find(String tenant, String key, boolean isPhone) {
        HttpReply reply = portals.call(tenant, "POST", "/crm/v3/objects/contacts/search", null, request(key, isPhone));
        if (reply.status() != 200) {
            throw new LookupFailed(reply);
        }
        try {
            JsonNode body = json.readTree(reply.body());
            JsonNode results = body.path("results");
            if (results.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new PersonMatch(results.get(0).path("id").asText(), "contact",
                    (isPhone ? "phone " : "e-mail ") + key, body.path("total").asInt(results.size())));
        } catch (IOException e) {
            throw new LookupFailed(reply);
        }
    }

    /** The search was refused or broke; its reply is classified like a write's. */
    static final class LookupFailed extends RuntimeException {
        final transient HttpReply reply;

        LookupFailed(HttpReply reply) {
            super("contact search answered " + reply.status(), null, false, false);
            this.reply = reply;
        }
    }
}
