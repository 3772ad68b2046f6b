package dev.dispositions.gateway.crm.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dispositions.gateway.crm.CrmCall;
import dev.dispositions.gateway.crm.CrmTransport;
import dev.dispositions.gateway.crm.HttpReply;
import dev.dispositions.gateway.crm.InstallCheck;
import dev.dispositions.gateway.mapping.CrmMapping;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultExchange;
import org.springframework.stereotype.Component;

/**
 * Before any event is sent: the portal answers with the token, has a call outcome for every label the mapping names,
 * the properties the mapping and settings write (the call key with unique values, the do-not-call checkbox) exist.
 */
@Component
class HubspotInstallCheck {
    private final ProducerTemplate producer;
    private final HubspotPortals portals;
    private final HubspotTransport transport;
    private final ObjectMapper json;

    HubspotInstallCheck(ProducerTemplate producer, HubspotPortals portals, HubspotTransport transport,
                        ObjectMapper json) {
        this.producer = producer;
        this.portals = portals;
        this.transport = transport;
        this.json = json;
    }

    InstallCheck check(String tenant, CrmMapping mapping) {
        var check = new InstallCheck();
        HubspotProperties settings = portals.properties(tenant);
        try {
            Set<String> labels = new TreeSet<>();
            for (JsonNode d : get(tenant, HubspotDispositions.PATH, "the portal's call outcomes")) {
                labels.add(d.path("label").asText().trim().toLowerCase(Locale.ROOT));
            }
            for (String label : new TreeSet<>(mapping.outcomes().values())) {
                if (labels.contains(label.trim().toLowerCase(Locale.ROOT))) {
                    check.pass("call outcome", "'" + label + "' exists in the portal");
                } else {
                    check.fail("call outcome", "the portal has no call outcome labelled '" + label + "' (mappings/crms/hubspot.yaml or the tenant's mapping overlay)");
                }
            }
            check.pass("credentials", "the portal's call outcomes were read with the access token");
            Map<String, JsonNode> calls = properties(tenant, "calls");
            mapping.activity().fields().keySet().forEach(f -> check.require("calls property", calls.keySet(), f, "the calls properties"));
            if (settings.upserts()) {
                String key = settings.callIdProperty();
                if (!calls.containsKey(key)) {
                    check.fail("idempotency", "'" + key + "' is not in the call properties (create it as a single-line text property "
                            + "with unique values, or set call-id-property empty)");
                } else if (!calls.get(key).path("hasUniqueValue").asBoolean(false)) {
                    check.fail("idempotency", "the call property '" + key + "' does not require unique values, so HubSpot cannot "
                            + "upsert on it: turn on \"Require unique values\"");
                } else {
                    check.pass("idempotency", key + " exists with unique values");
                }
            }
            Map<String, JsonNode> contacts = properties(tenant, "contacts");
            check.require("do-not-contact", contacts.keySet(), settings.doNotCallProperty(), "the contact properties");
            for (var action : mapping.actions().values()) {
                if (action.createsRecord()) {
                    Map<String, JsonNode> known = properties(tenant, action.object());
                    action.fields().keySet().forEach(f -> check.require(action.object() + " property", known.keySet(), f,
                            "the " + action.object() + " properties"));
                    continue;
                }
                action.fields().forEach((field, spec) -> {
                    check.require("contact property", contacts.keySet(), field, "the contact properties");
                    Set<String> options = new TreeSet<>();
                    contacts.getOrDefault(field, json.createObjectNode()).path("options").forEach(o -> options.add(o.path("value").asText()));
                    if (!options.isEmpty() && spec.values() != null) {
                        spec.values().values().forEach(v -> check.require("contact." + field + " option", options, String.valueOf(v),
                                "the options of " + field));
                    }
                });
            }
        } catch (Unreadable e) {
            check.fail("credentials", e.getMessage());
        }
        return check;
    }

    /** Property name → its definition, from {@code GET /crm/v3/properties/<object>}. */
    private Map<String, JsonNode> properties(String tenant, String object) {
        Map<String, JsonNode> out = new TreeMap<>();
        get(tenant, "/crm/v3/properties/" + object, "the " + object + " properties").path("results")
                .forEach(p -> out.put(p.path("name").asText(), p));
        return out;
    }

    private JsonNode get(String tenant, String path, String what) {
        CrmCall call = CrmCall.lookup("read " + what, "GET", path, Map.of(), null, List.of());
        HttpReply reply;
        try {
            Exchange request = new DefaultExchange(producer.getCamelContext());
            Exchange answered = producer.send(transport.prepare(tenant, call, request.getMessage()), request);
            reply = transport.answer(tenant, answered.getMessage(), answered.getException());
        } catch (CrmTransport.CredentialsRefused | CrmTransport.CredentialsUnavailable | CrmTransport.Paced e) {
            throw new Unreadable(e.getMessage());
        }
        if (!reply.isSuccess()) {
            throw new Unreadable("reading " + what + " answered " + (reply.answered() ? HubspotAnswers.describe(reply) : reply.failure()));
        }
        try {
            return json.readTree(reply.body());
        } catch (IOException e) {
            throw new Unreadable(what + " are not JSON");
        }
    }

    private static final class Unreadable extends RuntimeException {
        Unreadable(String message) {
            super(message, null, false, false);
        }
    }
}
