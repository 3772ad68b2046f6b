package dev.dispositions.gateway.crm.bullhorn;

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
 * A Candidate or ClientContact for a caller no query found ({@link UnknownPeople} drives it): looked up again by
 * its exact {@code phone} ({@code query/<entity>}, which reads the database, not an index), then created
 * ({@code PUT entity/<entity>}) with the mapping's {@code newPeople} fields, a ClientContact in the configured
 * ClientCorporation, the do-not-contact field set from the start when one of the calls asked for it.
 */
final class BullhornNewPeople implements UnknownPeople.Calls {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final BullhornProperties settings;

    BullhornNewPeople(BullhornProperties settings) {
        this.settings = settings;
    }

    @Override
    public boolean isOurs(CrmCall call) {
        boolean person = BullhornProperties.CREATES.values().stream().anyMatch(e -> call.path().endsWith("/" + e));
        // Its look-ups are keyed by the number itself; the person searches' keys are "person:phone:…".
        return person && (call.writes() ? "PUT".equals(call.method()) : call.parts().get(0).key().startsWith("+"));
    }

    @Override
    public CrmCall lookup(Delivery delivery, String object, String phone, List<CrmCall.Part> parts) {
        return CrmCall.lookup("look up the " + object + " for " + phone + " before creating it", "GET", "/query/" + object,
                Map.of("where", "phone=" + BullhornAnswers.quoted(phone), "fields", "id", "count", "1", "orderBy", "id"), null, parts);
    }

    @Override
    public CrmCall create(Delivery delivery, String object, String phone, List<DeliveryItem> items, List<CrmCall.Part> parts) {
        ObjectNode body = JSON.valueToTree(ActivityRenderer.renderPerson(items.get(0).event(), delivery.mapping(), object));
        if ("ClientContact".equals(object)) {
            body.putObject("clientCorporation").put("id", settings.newContactCorporationId());
        }
        if (items.stream().anyMatch(DeliveryItem::isDoNotContact)) {
            body.put(settings.doNotContactField(), settings.doNotContactValue()); // the request holds from the record's first moment
        }
        return CrmCall.write("create a " + object + " for " + phone, "PUT", "/entity/" + object, body.toString(), parts);
    }

    @Override
    public String idIn(CrmCall call, HttpReply answer) {
        try {
            JsonNode body = JSON.readTree(answer.body() == null ? "{}" : answer.body());
            JsonNode id = call.writes() ? body.path("changedEntityId") : body.path("data").path(0).path("id");
            return id.isMissingNode() || id.isNull() ? null : id.asText();
        } catch (IOException e) {
            return null; // unreadable: a look-up found nobody; a create is looked up again before any retry
        }
    }

    @Override
    public DeliveryResult failed(DeliveryItem item, CrmCall call, HttpReply answer) {
        return BullhornAnswers.classify(item, call.body(), answer, null);
    }
}
