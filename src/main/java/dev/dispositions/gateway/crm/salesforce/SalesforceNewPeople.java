package dev.dispositions.gateway.crm.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dispositions.gateway.crm.CrmCall;
import dev.dispositions.gateway.crm.Delivery;
import dev.dispositions.gateway.crm.HttpReply;
import dev.dispositions.gateway.crm.PathSegments;
import dev.dispositions.gateway.crm.UnknownPeople;
import dev.dispositions.gateway.delivery.DeliveryItem;
import dev.dispositions.gateway.delivery.DeliveryResult;
import dev.dispositions.gateway.mapping.ActivityRenderer;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Lead or Contact for a caller no search found ({@link UnknownPeople} drives it): looked up again by SOQL on the
 * exact {@code Phone} the gateway writes (SOSL's index may lag a record made seconds ago), then created with the
 * mapping's {@code newPeople} fields; {@code DoNotCall} is set from the start when one of the calls asked not to
 * be contacted.
 */
final class SalesforceNewPeople implements UnknownPeople.Calls {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final SalesforceProperties settings;

    SalesforceNewPeople(SalesforceProperties settings) {
        this.settings = settings;
    }

    @Override
    public boolean isOurs(CrmCall call) {
        return call.path().endsWith("/query") || (call.writes() && call.method().equals("POST")
                && SalesforceProperties.CREATES.values().stream().anyMatch(o -> call.path().endsWith("/sobjects/" + o)));
    }

    @Override
    public CrmCall lookup(Delivery delivery, String object, String phone, List<CrmCall.Part> parts) {
        // The number is E.164 (ingest checked it): nothing in it can leave the SOQL string.
        return CrmCall.lookup("look up the " + object + " for " + phone + " before creating it", "GET",
                "/services/data/v" + settings.apiVersion() + "/query",
                Map.of("q", "SELECT Id FROM " + object + " WHERE Phone = '" + phone + "' ORDER BY CreatedDate LIMIT 1"), null, parts);
    }

    @Override
    public CrmCall create(Delivery delivery, String object, String phone, List<DeliveryItem> items, List<CrmCall.Part> parts) {
        Map<String, Object> fields = new LinkedHashMap<>(ActivityRenderer.renderPerson(items.get(0).event(), delivery.mapping(), object));
        if (items.stream().anyMatch(DeliveryItem::isDoNotContact)) {
            fields.put("DoNotCall", true); // a request not to be contacted holds from the record's first moment
        }
        return CrmCall.write("create a " + object + " for " + phone, "POST", "/services/data/v" + settings.apiVersion() + "/sobjects"
                + PathSegments.slash(object), JSON.valueToTree(fields).toString(), parts);
    }

    @Override
    public String idIn(CrmCall call, HttpReply answer) {
        try {
            JsonNode body = JSON.readTree(answer.body() == null ? "{}" : answer.body());
            return call.writes() ? body.path("id").asText(null) : body.path("records").path(0).path("Id").asText(null);
        } catch (IOException e) {
            return null; // unreadable: a look-up found nobody; a create is looked up again before any retry
        }
    }

    @Override
    public DeliveryResult failed(DeliveryItem item, CrmCall call, HttpReply answer) {
        return SalesforceAnswers.failed(item, call.body(), answer);
    }
}
