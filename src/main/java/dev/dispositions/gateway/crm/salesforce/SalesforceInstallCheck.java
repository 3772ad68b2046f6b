package dev.dispositions.gateway.crm.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dispositions.gateway.crm.CrmCall;
import dev.dispositions.gateway.crm.HttpReply;
import dev.dispositions.gateway.crm.InstallCheck;
import dev.dispositions.gateway.delivery.DeliveryItem;
import dev.dispositions.gateway.delivery.DeliveryResult;
import dev.dispositions.gateway.mapping.CrmMapping;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultExchange;
import org.springframework.stereotype.Component;

/**
 * Before any event is sent: log in, describe Task, Contact and Lead, and find every field and picklist value the
 * mapping file and the settings use (the external-id field, the do-not-call flags).
 */
@Component
class SalesforceInstallCheck {
    private static final List<String> OBJECTS = List.of("Task", "Contact", "Lead");

    private final ProducerTemplate producer;
    private final SalesforceComponents components;
    private final SalesforceTransport transport;
    private final ObjectMapper json;

    SalesforceInstallCheck(ProducerTemplate producer, SalesforceComponents components, SalesforceTransport transport, ObjectMapper json) {
        this.producer = producer;
        this.components = components;
        this.transport = transport;
        this.json = json;
    }

    InstallCheck check(String tenant, CrmMapping mapping) {
        var check = new InstallCheck();
        SalesforceProperties settings = components.properties(tenant);
        Map<String, Map<String, Set<String>>> described = new HashMap<>();
        for (String object : OBJECTS) {
            HttpReply reply = describe(tenant, settings, object);
            if (!reply.isSuccess()) {
                DeliveryResult why = SalesforceAnswers.failed(new DeliveryItem(0, null, 1, null, null, DeliveryItem.ACTIVITY), null, reply);
                return check.fail(object.equals("Task") ? "credentials" : "describe " + object, why.kind() + ": " + why.detail());
            }
            if (object.equals("Task")) {
                check.pass("credentials", "logged in (" + settings.authentication() + ") and described Task");
            }
            Map<String, Set<String>> fields = new TreeMap<>();
            try {
                for (JsonNode f : json.readTree(reply.body()).path("fields")) {
                    Set<String> values = new TreeSet<>();
                    f.path("picklistValues").forEach(v -> {
                        if (v.path("active").asBoolean(true)) {
                            values.add(v.path("value").asText());
                        }
                    });
                    fields.put(f.path("name").asText(), values);
                }
            } catch (IOException e) {
                return check.fail("describe " + object, "the description is not JSON");
            }
            described.put(object, fields);
        }
        checkFields(check, described.get("Task"), "Task", mapping.activity().fields());
        if (settings.upserts()) {
            check.require("idempotency", described.get("Task").keySet(), settings.externalIdField(),
                    "Task (create it on Activity as a unique External ID text field, or set external-id-field empty)");
        }
        mapping.actions().forEach((name, action) -> {
            if (action.createsRecord()) {
                checkFields(check, described.getOrDefault(action.object(), Map.of()), action.object(), action.fields());
            } else {
                for (String object : action.personTypes().isEmpty() ? List.of("Contact", "Lead") : action.personTypes()) {
                    checkFields(check, described.getOrDefault(object, Map.of()), object, action.fields());
                }
            }
        });
        for (String object : new String[] {"Contact", "Lead"}) {
            check.require("do-not-contact", described.get(object).keySet(), "DoNotCall", object);
            if (settings.doNotContactAllChannels()) {
                check.require("do-not-contact", described.get(object).keySet(), "HasOptedOutOfEmail", object);
            }
        }
        return check;
    }

    private HttpReply describe(String tenant, SalesforceProperties settings, String object) {
        CrmCall call = CrmCall.lookup("describe " + object, "GET", "/services/data/v" + settings.apiVersion() + "/sobjects/" + object
                + "/describe", Map.of(), null, List.of());
        Exchange request = new DefaultExchange(producer.getCamelContext());
        Exchange answered = producer.send(transport.prepare(tenant, call, request.getMessage()), request);
        return transport.answer(tenant, answered.getMessage(), answered.getException());
    }

    /** Each field exists on the object, and each value the mapping can write into a picklist is one of its values. */
    private static void checkFields(InstallCheck check, Map<String, Set<String>> described, String object,
                                    Map<String, CrmMapping.FieldSpec> fields) {
        fields.forEach((name, spec) -> {
            check.require(object + " field", described.keySet(), name, object);
            Set<String> picklist = described.getOrDefault(name, Set.of());
            if (picklist.isEmpty()) {
                return;
            }
            Set<String> written = new TreeSet<>();
            if (spec.value() != null) {
                written.add(String.valueOf(spec.value()));
            }
            if (spec.values() != null) {
                spec.values().values().forEach(v -> written.add(String.valueOf(v)));
            }
            written.forEach(v -> check.require(object + "." + name + " value", picklist, v, "the " + object + "." + name + " picklist"));
        });
    }
}
