package dev.dispositions.gateway.crm.bullhorn;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dispositions.gateway.crm.CrmCall;
import dev.dispositions.gateway.crm.Delivery;
import dev.dispositions.gateway.crm.ExternalIds;
import dev.dispositions.gateway.crm.HttpReply;
import dev.dispositions.gateway.crm.PathSegments;
import dev.dispositions.gateway.crm.PersonMatch;
import dev.dispositions.gateway.delivery.DeliveryItem;
import dev.dispositions.gateway.delivery.DeliveryResult;
import dev.dispositions.gateway.delivery.DeliveryResult.Kind;
import dev.dispositions.gateway.mapping.ActivityRenderer;
import dev.dispositions.gateway.mapping.CrmMapping;

/**
 * What each item becomes in Bullhorn, one request each (Bullhorn has no batch writes): a Note on the Candidate or
 * ClientContact ({@code PUT entity/Note}, or {@code POST entity/Note/{id}} for a Note already written), a new
 * entity linked to the person (a follow-up Task), or an update of the person's fields (its status, the
 * do-not-contact field); or a result that needs no request. Deterministic, so reading an answer prepares the item
 * again to know what it sent.
 */
final class BullhornRecords {
    static final String WHO = "Candidate or ClientContact";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param recordId the record updated (null for a create)
     * @param note     what the event should say once it is written
     */
    record Prepared(DeliveryItem item, String method, String path, ObjectNode body, String recordId, String note) {
        /** Updates of one person that may be folded into one: never the do-not-contact field with anything else. */
        String foldKey() {
            return method + " " + path + "/" + item.isDoNotContact();
        }

        CrmCall.Part part() {
            return CrmCall.Part.of(recordId, item.outboxId());
        }
    }

    private BullhornRecords() {
    }

    static ActivityRenderer.Rendering render(CrmMapping mapping, DeliveryItem item) {
        return item.isActivity() ? ActivityRenderer.render(item.event(), mapping, item.isUpdate())
                : item.isDoNotContact() ? null : ActivityRenderer.renderAction(item.event(), mapping, item.action());
    }

    static boolean needsPerson(CrmMapping mapping, DeliveryItem item) {
        return item.isDoNotContact() || (!(item.isActivity() && item.isUpdate()) && render(mapping, item) instanceof ActivityRenderer.Activity);
    }

    /** The key a new Note is written under, when the item is one whose earlier attempts must be looked for; else null. */
    static String noteKey(CrmMapping mapping, BullhornProperties settings, DeliveryItem item) {
        boolean newNote = item.isActivity() && !item.isUpdate() && render(mapping, item) instanceof ActivityRenderer.Activity;
        return newNote && settings.findNoteBeforeCreate() ? ExternalIds.of(item.event(), item.action(), BullhornProperties.EXTERNAL_ID_MAX) : null;
    }

    static Object prepare(Delivery delivery, BullhornProperties settings, DeliveryItem item, PersonMatch who) {
        boolean known = who.found() && who.id().matches("\\d+");
        if (item.isDoNotContact()) {
            if (!who.found()) {
                return DeliveryResult.notSent(item, Kind.PERMANENT, "no Candidate or ClientContact to flag "
                        + "do-not-contact: the dialer sent no Bullhorn id and none matched the call's phone or e-mail");
            }
            // An id from the dialer does not say which entity it is; a sales dialer calls ClientContacts.
            String entity = who.type() != null ? who.type() : "ClientContact";
            ObjectNode body = JSON.createObjectNode().put(settings.doNotContactField(), settings.doNotContactValue());
            return new Prepared(item, "POST", "/entity/" + entity + PathSegments.slash(who.id()), body, who.id(),
                    settings.doNotContactField() + " = " + settings.doNotContactValue() + " on " + entity + " " + who.id());
        }
        ActivityRenderer.Rendering rendering = render(delivery.mapping(), item);
        if (rendering instanceof ActivityRenderer.Skip skip) {
            return DeliveryResult.skipped(item, skip.reason());
        }
        ObjectNode fields = JSON.valueToTree(((ActivityRenderer.Activity) rendering).fields());
        if (item.isActivity()) {
            if (item.isUpdate()) {
                return new Prepared(item, "POST", "/entity/Note" + PathSegments.slash(item.crmRecordId()), fields, item.crmRecordId(), null);
            }
            if (!known) {
                return DeliveryResult.notSent(item, Kind.PERMANENT, "a Bullhorn Note needs its Candidate or "
                        + "ClientContact: the dialer sent no id (prospect.crmIds.bullhorn) and none matched the call's phone or e-mail");
            }
            String key = ExternalIds.of(item.event(), item.action(), BullhornProperties.EXTERNAL_ID_MAX);
            fields.putObject("personReference").put("id", Long.parseLong(who.id()));
            fields.put("externalID", key);
            if (settings.commentingPersonId() != null) {
                fields.putObject("commentingPerson").put("id", settings.commentingPersonId());
            }
            String existing = settings.findNoteBeforeCreate()
                    ? delivery.fact(BullhornNotes.fact(key)).map(f -> f.value()).orElse(null) : null;
            if (existing != null) {
                // An earlier attempt wrote this Note and its answer was lost: updated, not written twice.
                return new Prepared(item, "POST", "/entity/Note" + PathSegments.slash(existing), fields, existing,
                        "updated Note " + existing + ", already written for " + key);
            }
            return new Prepared(item, "PUT", "/entity/Note", fields, null, who.note(WHO));
        }
        CrmMapping.ActionSpec spec = delivery.mapping().actions().get(item.action());
        if (!known && !spec.createsRecord()) {
            return DeliveryResult.skipped(item, "nobody to update for '" + item.action() + "': the dialer sent no Bullhorn id "
                    + "and no Candidate or ClientContact matched the call's phone or e-mail");
        }
        String entity = !known ? "ClientContact" : who.type() != null ? who.type() : "ClientContact";
        if (known && !spec.personTypes().isEmpty() && !spec.personTypes().contains(entity)) {
            return DeliveryResult.skipped(item, "'" + item.action() + "' applies to " + String.join(", ", spec.personTypes())
                    + "; the person is a " + entity);
        }
        if (spec.createsRecord()) {
            if (known) {
                fields.putObject("Candidate".equals(entity) ? "candidate" : "clientContact").put("id", Long.parseLong(who.id()));
            }
            return new Prepared(item, "PUT", "/entity/" + spec.object(), fields, null, who.note(WHO));
        }
        return new Prepared(item, "POST", "/entity/" + entity + PathSegments.slash(who.id()), fields, who.id(),
                String.join(", ", HttpReply.names(fields)) + " set on " + entity + " " + who.id());
    }
}
