package dev.dispositions.gateway.api;

import dev.dispositions.gateway.access.Caller;
import dev.dispositions.gateway.store.DeliveryFilter;

/** A tenant key's reach: its own tenant's data only; anything else answers as if it did not exist. */
final class Scopes {
    private Scopes() {
    }

    /** The filter narrowed to the caller's tenant: none given means its own, another's is unknown. */
    static DeliveryFilter narrowed(Caller caller, DeliveryFilter f) {
        return caller.role().tenantScoped() ? f.withTenant(tenant(caller, f.tenant())) : f;
    }

    /** The tenant a list is for: a tenant key's own, whatever it asks (another's is unknown); an operator's choice. */
    static String tenant(Caller caller, String asked) {
        String tenant = asked == null || asked.isBlank() ? null : asked;
        if (!caller.role().tenantScoped()) {
            return tenant;
        }
        if (tenant != null && !tenant.equals(caller.tenant())) {
            throw unknownTenant(tenant);
        }
        return caller.tenant();
    }

    /** Another tenant's, or no tenant at all: the same answer, so a tenant key learns nothing of other tenants. */
    static ApiProblem unknownTenant(String tenant) {
        return new ApiProblem(404, "unknown_tenant", "no tenant '" + tenant + "'");
    }

    /** Refuses, with the not-found problem it is given, data of a tenant the caller does not see. */
    static void see(Caller caller, String tenant, ApiProblem notFound) {
        if (!caller.sees(tenant)) {
            throw notFound;
        }
    }
}
