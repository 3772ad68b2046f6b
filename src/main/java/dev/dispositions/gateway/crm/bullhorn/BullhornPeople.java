package dev.dispositions.gateway.crm.bullhorn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dispositions.gateway.crm.CrmCall;
import dev.dispositions.gateway.crm.CrmRequests;
import dev.dispositions.gateway.crm.FailedSync;
import dev.dispositions.gateway.crm.HttpReply;
import dev.dispositions.gateway.crm.PathSegments;
import dev.dispositions.gateway.crm.PersonCheck;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * A Bullhorn person by id, for support: a ClientContact ({@code GET entity/ClientContact/{id}}; a soft-deleted one
 * answers with {@code isDeleted: true}), the app's address of a record, and what to do about
 * Bullhorn's common refusals.
 */
@Component
class BullhornPeople {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** An id set by support is written to as a ClientContact (as a dialer's is: {@link BullhornRecords}), so only one is accepted. */
    private static final List<String> PEOPLE = List.of("ClientContact");

    private final BullhornSessions sessions;
    private final BullhornTransport transport;
    private final CrmRequests requests;

    BullhornPeople(BullhornSessions sessions, BullhornTransport transport, CrmRequests requests) {
        this.sessions = sessions;
        this.transport = transport;
        this.requests = requests;
    }

    PersonCheck check(String tenant, String id) {
        PersonCheck last = null;
        for (String entity : PEOPLE) {
            HttpReply reply = requests.send(tenant, transport, CrmCall.lookup("read " + entity + " " + id, "GET",
                    "/entity/" + entity + PathSegments.slash(id), Map.of("fields", "id,isDeleted"), null, List.of()));
            last = PersonCheck.of(reply, entity, id, "Bullhorn");
            if (last.verdict() == PersonCheck.Verdict.FOUND && deleted(reply)) {
                last = PersonCheck.missing(entity + " " + id + " was deleted in Bullhorn");
            }
            if (last.verdict() != PersonCheck.Verdict.MISSING) {
                return last;
            }
        }
        return PersonCheck.missing("no ClientContact " + id + " in Bullhorn (an id set here is written to as a ClientContact)");
    }

    private static boolean deleted(HttpReply reply) {
        try {
            return JSON.readTree(reply.body() == null ? "{}" : reply.body()).path("data").path("isDeleted").asBoolean(false);
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code <app>/BullhornSTAFFING/OpenWindow.cfm?Entity=<type>&id=<id>}: the activity a Note, a person a ClientContact. */
    String recordUrl(String tenant, String kind, String recordId) {
        BullhornProperties p = sessions.properties(tenant);
        if (p == null || p.appUrl() == null || recordId == null || !recordId.matches("[0-9]{1,18}")) {
            return null;
        }
        String entity = "activity".equals(kind) ? "Note" : "person".equals(kind) || "do-not-contact".equals(kind) ? "ClientContact" : "Task";
        return BullhornProperties.trim(p.appUrl()) + "/BullhornSTAFFING/OpenWindow.cfm?Entity=" + entity + "&id=" + recordId;
    }

    static String hint(FailedSync f) {
        if (f.says("is not a valid value") || f.says("invalid value")) {
            return "a value this write sets is not in the Bullhorn field's list: add it (Admin → Field Mappings, e.g. Note.action's "
                    + "values), or map " + (f.outcome() == null ? "the outcome" : f.outcome()) + " to an existing value in " + f.tenant()
                    + "'s Bullhorn mapping";
        }
        if (f.says("is required") || f.says("cannot be null")) {
            return "Bullhorn requires a field this write does not set: give it a value in " + f.tenant() + "'s Bullhorn mapping, then replay";
        }
        if (f.says("invalid_grant")) {
            return "Bullhorn no longer accepts " + f.tenant() + "'s API user login or refresh token: check the API user's password "
                    + "and the connection's settings (Tenants page), then replay";
        }
        if (f.says("HTTP 404") || f.says("No entity") || f.says("not found")) {
            return "the Bullhorn record this write names was deleted or merged: set the person's current id on the event (Fix) and "
                    + "replay, or discard";
        }
        return null;
    }
}
