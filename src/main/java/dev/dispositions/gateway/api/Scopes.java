package dev.dispositions.gateway.api;

import dev.dispositions.gateway.access.Caller;
import dev.dispositions.gateway.store.DeliveryFilter;

/** A tenant key's reach: its own tenant's data only; anything else answers as if it did not exist. */
final class Scopes {
    private Scopes() {
    }

    /** The filter narrowed to the caller's tenant: none given means its own, another's is unknown. */
    static DeliveryFilter narrowed(Caller caller, DeliveryFilter f) {
        if (!caller.role().tenantScoped()) {
            return f;
        }
        if (f.tenant() != null && !f.tenant().equals(caller.tenant())) {
            throw new ApiProblem(404, "unknown_tenant", "no tenant '" + f.tenant() + "'");
        }
        return f.withTenant(caller.tenant());
    }

    /** Refuses, with the not-found problem it is given, data of a tenant the caller does not see. */
    static void see(Caller caller, String tenant, ApiProblem notFound) {
        if (!caller.sees(tenant)) {
            throw notFound;
        }
    }
}
