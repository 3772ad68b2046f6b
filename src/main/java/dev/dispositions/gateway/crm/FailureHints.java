package dev.dispositions.gateway.crm;

import org.springframework.stereotype.Component;

/**
 * One line per failed sync naming its fix: the connector's own, for the CRM errors it knows, else one for the
 * failure's class. Shown in the console and the API next to the CRM's words.
 */
@Component
public class FailureHints {
    /** How the connectors word a write that needs a person none of the keys found. */
    static final String NO_PERSON = "matched the call's phone or e-mail";

    private final CrmRegistry connectors;

    FailureHints(@org.springframework.context.annotation.Lazy CrmRegistry connectors) {
        this.connectors = connectors;
    }

    public String hint(FailedSync f) {
        String own = connectors.find(f.crm()).map(c -> c.hint(f)).orElse(null);
        if (own != null) {
            return own;
        }
        if (f.says(NO_PERSON)) {
            return "the " + f.crm() + " person is not known: set their " + f.crm() + " id on the event (Fix) and replay"
                    + (dev.dispositions.gateway.delivery.DeliveryItem.DO_NOT_CONTACT.equals(f.action()) ? "; the do-not-call flag is then set on them" : ", or choose another "
                    + "unknown-person policy for " + f.tenant() + "'s " + f.crm());
        }
        if (f.result() == null) {
            return null;
        }
        return switch (f.result()) {
            case "AUTH" -> f.crm() + " refused " + f.tenant() + "'s credentials: reconnect the connection (Tenants page, or POST "
                    + "/api/tenants/" + f.tenant() + "/crms/" + f.crm() + "/connect), then replay";
            case "THROTTLED" -> f.crm() + "'s API limit held this delivery until its retries ran out: replay once the limit has reset";
            case "TRANSIENT" -> f.crm() + " could not be reached or kept failing until the retries ran out: check the CRM's status, then replay";
            case "PERMANENT" -> f.crm() + " refused this write and would refuse it again: fix what its answer names (the CRM, or "
                    + f.tenant() + "'s " + f.crm() + " mapping), then replay";
            default -> null;
        };
    }
}
