package dev.dispositions.gateway.crm;

/**
 * Whether a person's id names a record in the tenant's CRM: asked before support's edit of an event is stored, so
 * a replay is not sent to a record that is not there.
 *
 * @param type   the CRM object found (Contact, Lead, ClientContact...), when found
 * @param detail what the CRM said, in support's words
 */
public record PersonCheck(Verdict verdict, String type, String detail) {
    public enum Verdict {
        /** The record exists. */
        FOUND,
        /** The CRM says there is no such person (or it was deleted). */
        MISSING,
        /** The CRM could not be asked (down, credentials refused); nothing is known. */
        UNKNOWN
    }

    public static PersonCheck found(String type, String id) {
        return new PersonCheck(Verdict.FOUND, type, type + " " + id + " exists");
    }

    public static PersonCheck missing(String detail) {
        return new PersonCheck(Verdict.MISSING, null, detail);
    }

    public static PersonCheck unknown(String detail) {
        return new PersonCheck(Verdict.UNKNOWN, null, detail);
    }

    /** The answer to one read of the person: 2xx found, 404 (or 410) missing, anything else unknown. */
    public static PersonCheck of(HttpReply reply, String type, String id, String crm) {
        if (!reply.answered()) {
            return unknown("cannot reach " + crm + ": " + reply.failure());
        }
        if (reply.isSuccess()) {
            return found(type, id);
        }
        if (reply.status() == 404 || reply.status() == 410) {
            return missing("no " + type + " " + id + " in " + crm + " (HTTP " + reply.status() + "): it may have been deleted or merged");
        }
        return unknown(crm + " answered HTTP " + reply.status() + " when asked for " + type + " " + id);
    }
}
