package dev.dispositions.gateway.crm.salesforce;

import dev.dispositions.gateway.crm.CrmCall;
import dev.dispositions.gateway.crm.CrmRequests;
import dev.dispositions.gateway.crm.PathSegments;
import dev.dispositions.gateway.crm.PersonCheck;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * A Salesforce person by id, for support: whether the Contact or Lead exists (its key prefix says which: 003 a
 * Contact, 00Q a Lead, the only objects a Task's WhoId takes), and the Lightning address of any record.
 */
@Component
class SalesforcePeople {
    private final SalesforceComponents components;
    private final SalesforceTransport transport;
    private final CrmRequests requests;

    SalesforcePeople(SalesforceComponents components, SalesforceTransport transport, CrmRequests requests) {
        this.components = components;
        this.transport = transport;
        this.requests = requests;
    }

    PersonCheck check(String tenant, String id) {
        String object = id.startsWith("003") ? "Contact" : id.startsWith("00Q") ? "Lead" : null;
        if (object == null) {
            return PersonCheck.missing(id + " is not a Contact (003…) or a Lead (00Q…), the people a Task's WhoId names");
        }
        CrmCall read = CrmCall.lookup("read " + object + " " + id, "GET", "/services/data/v" + components.properties(tenant).apiVersion()
                + "/sobjects/" + object + PathSegments.slash(id), Map.of("fields", "Id"), null, List.of());
        return PersonCheck.of(requests.send(tenant, transport, read), object, id, "Salesforce");
    }

    /** {@code <instance>/lightning/r/<id>/view}: Lightning finds the object from the id. */
    String recordUrl(String tenant, String recordId) {
        String instance = components.instanceUrl(tenant);
        if (instance == null || recordId == null || !recordId.matches("[a-zA-Z0-9]{15}|[a-zA-Z0-9]{18}")) {
            return null;
        }
        return (instance.endsWith("/") ? instance.substring(0, instance.length() - 1) : instance) + "/lightning/r/" + recordId + "/view";
    }
}
