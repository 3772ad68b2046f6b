package dev.dispositions.gateway.crm.hubspot;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dispositions.gateway.crm.Delivery;
import dev.dispositions.gateway.crm.ExternalIds;
import dev.dispositions.gateway.crm.PersonMatch;
import dev.dispositions.gateway.delivery.DeliveryItem;
import dev.dispositions.gateway.delivery.DeliveryResult;
import dev.dispositions.gateway.delivery.DeliveryResult.Kind;
import dev.dispositions.gateway.mapping.ActivityRenderer;
import dev.dispositions.gateway.mapping.CrmMapping;
import java.util.Map;
import java.util.Optional;

/**
 * What each item becomes in HubSpot: a call created with its association on its first attempt, upserted on the
 * call-key property on a retry (linked to its contact once HubSpot answers with its id), a task created with its
 * association, or an update of a call or a contact (lead
 * status, the do-not-call property); or a result that needs no request. Deterministic, so reading an answer
 * prepares the item again to know what it sent.
 */
final class HubspotRecords {
    static final String WHO = "contact";
    /** HUBSPOT_DEFINED association from an object the actions create to the contact (HubSpot's client libraries). */
    private static final Map<String, Integer> TO_CONTACT = Map.of("tasks", 204, "notes", 202, "calls", 194);
    private static final ObjectMapper JSON = new ObjectMapper();

    enum Op { UPSERT, CREATE, UPDATE }

    /**
     * @param object the HubSpot object type ({@code calls}, {@code tasks}, {@code contacts})
     * @param id     the record updated (UPDATE)
     * @param key    the call key it is upserted on (UPSERT)
     */
    record Prepared(DeliveryItem item, Op op, String object, String id, String key, ObjectNode input, PersonMatch who, String note) {
        /** Updates of one record that may be folded into one: never a do-not-call flag with anything else. */
        String foldKey() {
            return op + "/" + object + "/" + id + "/" + item.isDoNotContact();
        }
    }

    private HubspotRecords() {
    }

    static ActivityRenderer.Rendering render(CrmMapping mapping, DeliveryItem item) {
        return item.isActivity() ? ActivityRenderer.render(item.event(), mapping, item.isUpdate())
                : item.isDoNotContact() ? null : ActivityRenderer.renderAction(item.event(), mapping, item.action());
    }

    /** Whether the item needs to know its contact before it can be sent. */
    static boolean needsPerson(CrmMapping mapping, DeliveryItem item) {
        return item.isDoNotContact() || (!(item.isActivity() && item.isUpdate()) && render(mapping, item) instanceof ActivityRenderer.Activity);
    }

    /** The disposition label the item's call carries, which must become this portal's GUID; null when none. */
    static String dispositionLabel(CrmMapping mapping, DeliveryItem item) {
        if (item.isActivity() && render(mapping, item) instanceof ActivityRenderer.Activity a && a.fields().containsKey(HubspotDispositions.PROPERTY)) {
            return String.valueOf(a.fields().get(HubspotDispositions.PROPERTY));
        }
        return null;
    }

    /** A {@link Prepared} request, or the item's result when nothing is to be sent. */
    static Object prepare(Delivery delivery, HubspotProperties settings, DeliveryItem item, PersonMatch who) {
        if (item.isDoNotContact()) {
            if (!who.found()) {
                return DeliveryResult.notSent(item, Kind.PERMANENT, "no contact to flag do-not-call: the dialer "
                        + "sent no HubSpot id and none matched the call's phone or e-mail");
            }
            ObjectNode input = JSON.createObjectNode();
            input.putObject("properties").put(settings.doNotCallProperty(), "true");
            return new Prepared(item, Op.UPDATE, "contacts", who.id(), null, input, who, settings.doNotCallProperty() + " set on contact " + who.id());
        }
        ActivityRenderer.Rendering rendering = render(delivery.mapping(), item);
        if (rendering instanceof ActivityRenderer.Skip skip) {
            return DeliveryResult.skipped(item, skip.reason());
        }
        ObjectNode properties = JSON.createObjectNode();
        ((ActivityRenderer.Activity) rendering).fields().forEach((name, value) -> properties.put(name, String.valueOf(value)));
        if (properties.has(HubspotDispositions.PROPERTY)) {
            String label = properties.get(HubspotDispositions.PROPERTY).asText();
            Optional<String> guid = HubspotDispositions.guid(delivery, label);
            if (guid.isEmpty()) {
                return DeliveryResult.notSent(item, Kind.PERMANENT, "this HubSpot portal has no call outcome '" + label
                        + "': add it in HubSpot (Call outcomes) or change mappings/crms/hubspot.yaml or the tenant's mapping overlay");
            }
            properties.put(HubspotDispositions.PROPERTY, guid.get());
        }
        ObjectNode input = JSON.createObjectNode();
        input.set("properties", properties);
        if (item.isActivity()) {
            if (item.isUpdate()) {
                // A later event of a call already written: that call is updated, its association left as it is.
                return new Prepared(item, Op.UPDATE, "calls", item.crmRecordId(), null, input, who, null);
            }
            if (settings.upserts()) {
                String key = ExternalIds.of(item.event(), item.action(), HubspotProperties.CALL_KEY_MAX);
                properties.put(settings.callIdProperty(), key);
                if (item.attempt() == 1 && who.found() && delivery.fact(HubspotBatches.UPSERT_INSTEAD + item.outboxId()).isEmpty()) {
                    // A first attempt creates the call with its link in one request (the key is unique, so HubSpot
                    // refuses a second call with it); a retry, which may follow a lost answer, upserts on the key.
                    associate(input, who, settings.associationTypeId());
                    return new Prepared(item, Op.CREATE, "calls", null, key, input, who, who.note(WHO));
                }
                return new Prepared(item, Op.UPSERT, "calls", null, key, input, who, who.note(WHO));
            }
            associate(input, who, settings.associationTypeId());
            return new Prepared(item, Op.CREATE, "calls", null, null, input, who, who.note(WHO));
        }
        CrmMapping.ActionSpec spec = delivery.mapping().actions().get(item.action());
        if (spec.createsRecord()) {
            if (TO_CONTACT.containsKey(spec.object())) {
                associate(input, who, TO_CONTACT.get(spec.object()));
            }
            return new Prepared(item, Op.CREATE, spec.object(), null, null, input, who, who.note(WHO));
        }
        if (!who.found()) {
            return DeliveryResult.skipped(item, "nobody to update for '" + item.action() + "': the dialer sent no HubSpot id "
                    + "and no contact matched the call's phone or e-mail");
        }
        return new Prepared(item, Op.UPDATE, "contacts", who.id(), null, input, who,
                String.join(", ", dev.dispositions.gateway.crm.HttpReply.names(properties)) + " set on contact " + who.id());
    }

    private static void associate(ObjectNode input, PersonMatch who, int typeId) {
        ArrayNode associations = input.putArray("associations");
        if (who.found()) {
            ObjectNode a = associations.addObject();
            a.putObject("to").put("id", who.id());
            a.putArray("types").addObject().put("associationCategory", "HUBSPOT_DEFINED").put("associationTypeId", typeId);
        }
    }
}
