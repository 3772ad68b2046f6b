package dev.dispositions.gateway.crm.hubspot;

import dev.dispositions.gateway.crm.CrmCall;
import dev.dispositions.gateway.crm.CrmRequests;
import dev.dispositions.gateway.crm.FailedSync;
import dev.dispositions.gateway.crm.PathSegments;
import dev.dispositions.gateway.crm.PersonCheck;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * A HubSpot contact by id, for support: whether it exists ({@code GET /crm/v3/objects/contacts/{id}}), the portal's
 * address of a record (with the portal id the settings name), and what to do about HubSpot's common refusals.
 */
@Component
class HubspotPeople {
    /** HubSpot's object type ids in record URLs: contacts, calls, tasks. */
    private static final Map<String, String> OBJECT_TYPES = Map.of("person", "0-1", "do-not-contact", "0-1", "activity", "0-48");

    private final HubspotPortals portals;
    private final HubspotTransport transport;
    private final CrmRequests requests;

    HubspotPeople(HubspotPortals portals, HubspotTransport transport, CrmRequests requests) {
        this.portals = portals;
        this.transport = transport;
        this.requests = requests;
    }

    PersonCheck check(String tenant, String id) {
        CrmCall read = CrmCall.lookup("read contact " + id, "GET", "/crm/v3/objects/contacts" + PathSegments.slash(id),
                Map.of("properties", "hs_object_id"), null, List.of());
        return PersonCheck.of(requests.send(tenant, transport, read), "contact", id, "HubSpot");
    }

    /** {@code <app>/contacts/<portal>/record/<object type>/<id>}; an action's record is a task. */
    String recordUrl(String tenant, String kind, String recordId) {
        HubspotProperties p = portals.properties(tenant);
        if (p == null || p.portalId() == null || recordId == null || !recordId.matches("[0-9]{1,20}")) {
            return null;
        }
        String app = p.appUrl().toString().replaceAll("/+$", "");
        return app + "/contacts/" + p.portalId() + "/record/" + OBJECT_TYPES.getOrDefault(kind, "0-27") + "/" + recordId;
    }

    static String hint(FailedSync f) {
        if (f.says("INVALID_OPTION") || f.says("was not one of the allowed options")) {
            return "a value this write sets is not one of the HubSpot property's options: add it to the property in HubSpot "
                    + "(Settings → Properties), or map " + (f.outcome() == null ? "the outcome" : f.outcome()) + " to an existing option in "
                    + f.tenant() + "'s HubSpot mapping";
        }
        if (f.says("PROPERTY_DOESNT_EXIST") || f.says("does not exist")) {
            return "a property the mapping writes does not exist in this portal: create it in HubSpot, or drop it from "
                    + f.tenant() + "'s HubSpot mapping";
        }
        if (f.says("MISSING_SCOPES") || f.says("required scopes")) {
            return "HubSpot's app for " + f.tenant() + " lacks a scope this write needs: add it to the private app (or reconnect "
                    + "the public app with it), then replay";
        }
        if (f.says("BAD_REFRESH_TOKEN") || f.says("invalid_grant")) {
            return "HubSpot no longer accepts " + f.tenant() + "'s refresh token (the app was uninstalled or the token revoked): "
                    + "connect HubSpot again (Tenants page, or POST /api/tenants/" + f.tenant() + "/crms/hubspot/connect), then replay";
        }
        if (f.says("HTTP 404") || f.says("resource not found")) {
            return "the HubSpot record this write names was deleted or merged: set the contact's current id on the event (Fix) "
                    + "and replay, or discard";
        }
        return null;
    }
}
