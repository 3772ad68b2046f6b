package dev.dispositions.gateway.crm.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dispositions.gateway.crm.CrmCall;
import dev.dispositions.gateway.crm.Delivery;
import dev.dispositions.gateway.crm.HttpReply;
import dev.dispositions.gateway.crm.UnknownPeople;
import dev.dispositions.gateway.delivery.DeliveryItem;
import dev.dispositions.gateway.delivery.DeliveryResult;
import dev.dispositions.gateway.mapping.ActivityRenderer;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * A contact for a caller no search found ({@link UnknownPeople} drives it): searched again for the exact {@code phone}
 * the gateway writes, then created ({@code POST /crm/v3/objects/contacts}) with the mapping's {@code newPeople}
 * fields, the do-not-call property set from the start when one of the calls asked for it. HubSpot's search index
 * trails a create by seconds: the claim keeps two deliveries from racing, and a retry after a lost answer comes later
 * than that (the retry delay), so the contact it made is found.
 */
final class HubspotNewPeople implements UnknownPeople.Calls {
    static final String CONTACTS = "/crm/v3/objects/contacts";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HubspotProperties settings;

    HubspotNewPeople(HubspotProperties settings) {
        this.settings = settings;
    }

    @Override
    public boolean isOurs(CrmCall call) {
        // Its searches are keyed by the number itself; the person searches' keys are "person:phone:…".
        return call.writes() ? CONTACTS.equals(call.path()) && "POST".equals(call.method())
                : HubspotSearches.PATH.equals(call.path()) && call.parts().get(0).key().startsWith("+");
    }

    @Override
    public CrmCall lookup(Delivery delivery, String object, String phone, List<CrmCall.Part> parts) {
        ObjectNode body = JSON.createObjectNode();
        body.putArray("filterGroups").addObject().putArray("filters").addObject().put("propertyName", "phone").put("operator", "EQ")
                .put("value", phone);
        body.putArray("properties").add("phone");
        body.put("limit", 1);
        return CrmCall.lookup("look up the contact for " + phone + " before creating it", "POST", HubspotSearches.PATH, Map.of(),
                body.toString(), parts);
    }

    @Override
    public CrmCall create(Delivery delivery, String object, String phone, List<DeliveryItem> items, List<CrmCall.Part> parts) {
        ObjectNode properties = JSON.createObjectNode();
        ActivityRenderer.renderPerson(items.get(0).event(), delivery.mapping(), object).forEach((k, v) -> properties.put(k, String.valueOf(v)));
        if (items.stream().anyMatch(DeliveryItem::isDoNotContact)) {
            properties.put(settings.doNotCallProperty(), "true"); // the request holds from the record's first moment
        }
        ObjectNode body = JSON.createObjectNode();
        body.set("properties", properties);
        return CrmCall.write("create a contact for " + phone, "POST", CONTACTS, body.toString(), parts);
    }

    @Override
    public String idIn(CrmCall call, HttpReply answer) {
        try {
            JsonNode body = JSON.readTree(answer.body() == null ? "{}" : answer.body());
            JsonNode id = call.writes() ? body.path("id") : body.path("results").path(0).path("id");
            return id.isMissingNode() || id.isNull() ? null : id.asText();
        } catch (IOException e) {
            return null; // unreadable: a look-up found nobody; a create is looked up again before any retry
        }
    }

    @Override
    public DeliveryResult failed(DeliveryItem item, CrmCall call, HttpReply answer) {
        return HubspotAnswers.failed(item, call.body(), answer);
    }
}
