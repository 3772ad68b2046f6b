package dev.dispositions.gateway.crm.salesforce;

import dev.dispositions.gateway.canonical.CanonicalDisposition;
import dev.dispositions.gateway.crm.ExternalIds;
import dev.dispositions.gateway.crm.PersonMatch;
import dev.dispositions.gateway.delivery.DeliveryItem;
import dev.dispositions.gateway.delivery.DeliveryResult;
import dev.dispositions.gateway.delivery.DeliveryResult.Kind;
import dev.dispositions.gateway.mapping.ActivityRenderer;
import dev.dispositions.gateway.mapping.CrmMapping;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What each item becomes in Salesforce, once its person is known: a record to upsert on the external-id field (a
 * call's Task, a follow-up Task), create (no external-id field), or update (a Task already written, a Lead's
 * status, the do-not-call flags); or a result that needs no call (skipped by the mapping, nobody to flag).
 * Deterministic, so reading an answer prepares the item again to know what its record was.
 */
final class SalesforceRecords {
    static final String WHO = "Contact or Lead";

    enum Op { UPSERT, CREATE, UPDATE }

    /**
     * @param id   the record updated (UPDATE)
     * @param key  the external id it is upserted on (UPSERT)
     * @param note what the event should say once it is written
     */
    record Prepared(DeliveryItem item, Op op, String object, String id, String key, Map<String, Object> fields, String note) {
        /** Updates of one record that may be folded into one: never a do-not-call flag with anything else. */
        String foldKey() {
            return op + "/" + object + "/" + id + "/" + item.isDoNotContact();
        }
    }

    private SalesforceRecords() {
    }

    /** Whether the item needs to know whom the call was with before it can be written. */
    static boolean needsPerson(CrmMapping mapping, DeliveryItem item) {
        if (!item.isActivity()) {
            return true;
        }
        var outcome = item.event().outcome();
        return !item.isUpdate() && (outcome == null || !mapping.ignore().containsKey(outcome.name()));
    }

    /** A {@link Prepared} record, or the item's result when nothing is to be sent. */
    static Object prepare(CrmMapping mapping, SalesforceProperties settings, DeliveryItem item, PersonMatch who) {
        if (item.isDoNotContact()) {
            return doNotContact(settings, item, who);
        }
        CanonicalDisposition event = who.found() ? item.event().withProspectCrmId(SalesforceComponents.CRM, who.id()) : item.event();
        if (item.isActivity()) {
            ActivityRenderer.Rendering r = ActivityRenderer.render(event, mapping, item.isUpdate());
            if (r instanceof ActivityRenderer.Skip skip) {
                return DeliveryResult.skipped(item, skip.reason());
            }
            ActivityRenderer.Activity a = (ActivityRenderer.Activity) r;
            // A later event of a call already written updates that Task: one activity per call.
            return item.isUpdate() ? new Prepared(item, Op.UPDATE, a.object(), item.crmRecordId(), null, a.fields(), null)
                    : newRecord(settings, item, a.object(), a.fields(), who.note(WHO));
        }
        CrmMapping.ActionSpec spec = mapping.actions().get(item.action());
        ActivityRenderer.Rendering r = ActivityRenderer.renderAction(event, mapping, item.action());
        if (r instanceof ActivityRenderer.Skip skip) {
            return DeliveryResult.skipped(item, skip.reason());
        }
        Map<String, Object> fields = ((ActivityRenderer.Activity) r).fields();
        if (spec.createsRecord()) {
            return newRecord(settings, item, spec.object(), fields, who.note(WHO));
        }
        if (!who.found()) {
            return DeliveryResult.skipped(item, "nobody to update for '" + item.action() + "': the dialer sent no Salesforce id "
                    + "and no Contact or Lead matched the call's phone or e-mail");
        }
        String type = personType(who);
        if (!spec.personTypes().isEmpty() && !spec.personTypes().contains(type)) {
            return DeliveryResult.skipped(item, "'" + item.action() + "' applies to " + String.join(", ", spec.personTypes())
                    + "; the person is a " + type);
        }
        return new Prepared(item, Op.UPDATE, type, who.id(), null, fields, String.join(", ", fields.keySet()) + " set on " + type + " " + who.id());
    }

    /** The locked compliance action: {@code DoNotCall} (and {@code HasOptedOutOfEmail} for all channels) on the person. */
    private static Object doNotContact(SalesforceProperties settings, DeliveryItem item, PersonMatch who) {
        if (!who.found()) {
            return DeliveryResult.notSent(item, Kind.PERMANENT, "no Contact or Lead to flag do-not-call: the "
                    + "dialer sent no Salesforce id and none matched the call's phone or e-mail");
        }
        String type = personType(who);
        Map<String, Object> flags = new LinkedHashMap<>();
        flags.put("DoNotCall", true);
        if (settings.doNotContactAllChannels()) {
            flags.put("HasOptedOutOfEmail", true);
        }
        return new Prepared(item, Op.UPDATE, type, who.id(), null, flags, String.join(", ", flags.keySet()) + " set on " + type
                + " " + who.id() + (who.note("") == null ? "" : " (" + who.matchedBy() + ")"));
    }

    /**
     * A new record: upserted on the external-id field when one is configured (the key is the call's, so a retry after
     * a lost answer finds the record it wrote), else created.
     */
    private static Prepared newRecord(SalesforceProperties settings, DeliveryItem item, String object, Map<String, Object> fields,
                                      String note) {
        if (!settings.upserts()) {
            return new Prepared(item, Op.CREATE, object, null, null, fields, note);
        }
        return new Prepared(item, Op.UPSERT, object, null, ExternalIds.of(item.event(), item.action(), SalesforceProperties.EXTERNAL_ID_MAX),
                fields, note);
    }

    /** A search says whether it found a Contact or a Lead; an id from the dialer says it by its prefix. */
    private static String personType(PersonMatch who) {
        return who.type() != null ? who.type() : who.id().startsWith("00Q") ? "Lead" : "Contact";
    }
}
