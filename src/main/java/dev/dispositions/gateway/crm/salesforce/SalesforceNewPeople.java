package dev.dispositions.gateway.crm.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dispositions.gateway.crm.CrmCall;
import dev.dispositions.gateway.crm.Delivery;
import dev.dispositions.gateway.crm.HttpReply;
import dev.dispositions.gateway.crm.PathSegments;
import dev.dispositions.gateway.crm.PersonMatch;
import dev.dispositions.gateway.crm.Reading;
import dev.dispositions.gateway.crm.UnknownPeople;
import dev.dispositions.gateway.delivery.DeliveryItem;
import dev.dispositions.gateway.delivery.DeliveryResult;
import dev.dispositions.gateway.mapping.ActivityRenderer;
import dev.dispositions.gateway.store.PersonCreations;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * A Lead or Contact for a caller no search found, when the tenant's {@code unknown-person} policy creates one: the
 * number is claimed ({@link UnknownPeople}), looked up again by SOQL on the exact {@code Phone} the gateway writes
 * (SOSL's index may lag a record made seconds ago), and only then created with the mapping's {@code newPeople}
 * fields; {@code DoNotCall} is set from the start when one of the calls asked not to be contacted.
 */
@Component
class SalesforceNewPeople {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final UnknownPeople people;

    SalesforceNewPeople(UnknownPeople people) {
        this.people = people;
    }

    /** The person made for the call's number earlier, if the policy makes people. */
    PersonMatch created(Delivery delivery, SalesforceProperties settings, DeliveryItem item) {
        String phone = item.event().prospect().phone();
        if (settings.createsPeopleAs() == null || phone == null) {
            return PersonMatch.NONE;
        }
        var found = delivery.fact(UnknownPeople.lookupKey(phone)).map(Reading.Fact::value);
        if (found.isPresent() && found.get() != null) {
            String[] f = found.get().split("\t", -1);
            return new PersonMatch(f[0], f[1], PersonMatch.CREATED_FOR + phone, 1);
        }
        return people.created(delivery.tenant(), SalesforceComponents.CRM, phone).orElse(PersonMatch.NONE);
    }

    /**
     * The round that makes the people the items need: look-ups under the claim, then creates; items whose number
     * another delivery holds wait. Null when there is nothing to make.
     */
    dev.dispositions.gateway.crm.Plan plan(Delivery delivery, SalesforceProperties settings, List<DeliveryItem> unknown) {
        String object = settings.createsPeopleAs();
        if (object == null || unknown.isEmpty()) {
            return null;
        }
        List<CrmCall> calls = new ArrayList<>();
        List<DeliveryResult> waiting = new ArrayList<>();
        String base = "/services/data/v" + settings.apiVersion();
        UnknownPeople.byPhone(unknown).forEach((phone, items) -> {
            if (people.created(delivery.tenant(), SalesforceComponents.CRM, phone).isPresent()) {
                return;
            }
            var lookup = delivery.fact(UnknownPeople.lookupKey(phone));
            List<CrmCall.Part> parts = List.of(new CrmCall.Part(phone, items.stream().map(DeliveryItem::outboxId).toList()));
            if (lookup.isEmpty()) {
                if (!delivery.isPreview() && people.claim(delivery.tenant(), SalesforceComponents.CRM, phone, items)
                        instanceof PersonCreations.Busy) {
                    waiting.addAll(UnknownPeople.waiting(items, phone, object));
                    return;
                }
                calls.add(CrmCall.lookup("look up the " + object + " for " + phone + " before creating it", "GET", base + "/query",
                        Map.of("q", "SELECT Id FROM " + object + " WHERE Phone = '" + phone + "' ORDER BY CreatedDate LIMIT 1"), null, parts));
            } else if (lookup.get().value() == null) {
                calls.add(CrmCall.write("create a " + object + " for " + phone, "POST", base + "/sobjects" + PathSegments.slash(object),
                        fields(delivery, object, items), parts));
            }
        });
        return calls.isEmpty() && waiting.isEmpty() ? null : new dev.dispositions.gateway.crm.Plan(calls, waiting);
    }

    private static String fields(Delivery delivery, String object, List<DeliveryItem> items) {
        Map<String, Object> fields = new LinkedHashMap<>(ActivityRenderer.renderPerson(items.get(0).event(), delivery.mapping(), object));
        if (items.stream().anyMatch(i -> i.isDoNotContact())) {
            fields.put("DoNotCall", true); // a request not to be contacted holds from the record's first moment
        }
        return JSON.valueToTree(fields).toString();
    }

    /** Whether a call is one of this class's: the SOQL look-up or the create. */
    static boolean isOurs(CrmCall call) {
        return call.path().endsWith("/query") || (call.writes() && call.method().equals("POST") && call.path().contains("/sobjects/"));
    }

    Reading read(Delivery delivery, SalesforceProperties settings, CrmCall call, HttpReply answer) {
        String phone = call.parts().get(0).key();
        String object = settings.createsPeopleAs();
        List<DeliveryItem> items = call.items().stream().map(delivery::item).toList();
        if (!answer.isSuccess()) {
            List<DeliveryResult> failed = new ArrayList<>();
            for (DeliveryItem i : items) {
                DeliveryResult f = SalesforceAnswers.failed(i, call.body(), answer);
                failed.add(f.kind() != DeliveryResult.Kind.PERMANENT ? f : DeliveryResult.failed(i, f.kind(), f.request(), f.httpStatus(),
                        f.response(), "could not " + (call.writes() ? "create" : "look up") + " the " + object + " for " + phone + ": "
                                + f.detail(), null));
            }
            if (call.writes() && failed.get(0).kind() == DeliveryResult.Kind.PERMANENT && !delivery.isPreview()) {
                people.release(delivery.tenant(), SalesforceComponents.CRM, phone, items); // the admin's fix comes first
            }
            return Reading.settled(failed);
        }
        String id = null;
        try {
            JsonNode body = JSON.readTree(answer.body() == null ? "{}" : answer.body());
            id = call.writes() ? body.path("id").asText(null) : body.path("records").path(0).path("Id").asText(null);
        } catch (IOException e) {
            // unreadable: treated as not found for a look-up; a create without an id is retried below
        }
        if (call.writes() && id == null) {
            return Reading.settled(items.stream().map(i -> DeliveryResult.notSent(i, DeliveryResult.Kind.TRANSIENT,
                    "Salesforce answered the " + object + " create without an id; looked up again before any retry")).toList());
        }
        if (id != null && !delivery.isPreview()) {
            people.record(delivery.tenant(), SalesforceComponents.CRM, phone, id, object);
        }
        return Reading.learned(List.of(UnknownPeople.lookedUp(phone, id, object)));
    }
}
