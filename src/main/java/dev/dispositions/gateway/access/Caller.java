package dev.dispositions.gateway.access;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Who is calling the admin API: the key's name, its role and, for a tenant key, its tenant. Set on the request once
 * the key is verified (api.AdminApiKey).
 *
 * @param keyId null for the bootstrap operator key (gateway.admin.api-key)
 */
public record Caller(String keyId, String name, Role role, String tenant) {
    public static final String ATTRIBUTE = Caller.class.getName();

    /** The bootstrap key's caller: an operator the API cannot revoke. */
    public static final Caller BOOTSTRAP = new Caller(null, "bootstrap operator key", Role.OPERATOR, null);

    public static Caller of(HttpServletRequest request) {
        Object caller = request.getAttribute(ATTRIBUTE);
        if (caller == null) {
            throw new IllegalStateException("no caller on a request the access guard did not see");
        }
        return (Caller) caller;
    }

    /** Whether this caller may see the tenant's data (an operator sees every tenant's). */
    public boolean sees(String tenantId) {
        return !role.tenantScoped() || tenant.equals(tenantId);
    }

    public boolean operator() {
        return role == Role.OPERATOR;
    }
}
