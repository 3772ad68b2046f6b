package dev.dispositions.gateway.api;

import io.swagger.v3.oas.annotations.Operation;
import dev.dispositions.gateway.access.AdminAudit;
import dev.dispositions.gateway.access.Allowed;
import dev.dispositions.gateway.access.ApiKeys;
import dev.dispositions.gateway.access.Caller;
import dev.dispositions.gateway.access.Role;
import dev.dispositions.gateway.config.TenantDirectory;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * API keys beyond the bootstrap operator key, and the admin audit. An operator creates any key; a tenant admin
 * creates and revokes its own tenant's. A key is shown once, in the answer that creates it.
 */
@RestController
public class KeyController {
    private final ApiKeys keys;
    private final AdminAudit audit;
    private final TenantDirectory tenants;

    public KeyController(ApiKeys keys, AdminAudit audit, TenantDirectory tenants) {
        this.keys = keys;
        this.audit = audit;
        this.tenants = tenants;
    }

    /** @param tenant the one tenant a tenant key reaches; none for an operator key */
    public record NewKey(String name, String role, String tenant) {
    }

    /** @param secret the key itself: shown in this answer only */
    public record CreatedKey(ApiKeys.KeyView key, String secret, String note) {
    }

    public record KeyList(List<ApiKeys.KeyView> keys) {
    }

    public record Revoked(String revoked) {
    }

    public record AuditPage(List<AdminAudit.Entry> entries, int limit, int offset) {
    }

    /** @param tenant the one tenant the key reaches; absent for an operator key */
    public record Me(String name, String role, String tenant) {
    }

    @Allowed(Role.TENANT_ADMIN)
    @Operation(summary = "Create an API key (its secret is in this answer only)")
    @PostMapping("/api/keys")
    @ResponseStatus(HttpStatus.CREATED)
    public CreatedKey create(@RequestBody NewKey body, HttpServletRequest request) {
        Caller caller = Caller.of(request);
        if (body.name() == null || body.name().isBlank() || body.name().length() > 100) {
            throw new ApiProblem(400, "invalid_body", "name", "name the key (1 to 100 characters): who or what uses it");
        }
        Role role = Role.parse(body.role() == null ? "" : body.role()).orElseThrow(() -> new ApiProblem(400, "invalid_body", "role",
                "role must be one of operator, tenant-admin, tenant-viewer"));
        String tenant = body.tenant() == null || body.tenant().isBlank() ? null : body.tenant();
        if (role.tenantScoped() && tenant == null) {
            throw new ApiProblem(400, "invalid_body", "tenant", "a " + role.written() + " key needs the tenant it reaches");
        }
        if (!role.tenantScoped() && tenant != null) {
            throw new ApiProblem(400, "invalid_body", "tenant", "an operator key reaches every tenant: leave tenant out");
        }
        if (!caller.role().covers(role) || (tenant != null && !caller.sees(tenant))) {
            throw new ApiProblem(403, "forbidden", "a " + caller.role().written() + " key creates only " + caller.role().written()
                    + " or tenant-viewer keys of its own tenant");
        }
        if (tenant != null && !tenants.exists(tenant)) {
            throw Scopes.unknownTenant(tenant);
        }
        ApiKeys.Created created = keys.create(body.name().trim(), role, tenant, caller);
        audit.record(caller, "key.create", tenant, created.key().id(), "name: " + created.key().name() + "; role: " + role.written());
        return new CreatedKey(created.key(), created.secret(), "the secret is shown only now: store it; the gateway keeps only its hash");
    }

    @Allowed(Role.TENANT_ADMIN)
    @Operation(summary = "List the API keys, never their secrets")
    @GetMapping("/api/keys")
    public KeyList list(@RequestParam(required = false) String tenant, HttpServletRequest request) {
        return new KeyList(keys.list(Scopes.tenant(Caller.of(request), tenant)));
    }

    @Allowed(Role.TENANT_ADMIN)
    @Operation(summary = "Revoke an API key")
    @DeleteMapping("/api/keys/{id}")
    public Revoked revoke(@PathVariable String id, HttpServletRequest request) {
        Caller caller = Caller.of(request);
        ApiProblem unknown = new ApiProblem(404, "unknown_key", "no key '" + id + "'");
        ApiKeys.KeyView key = keys.find(id).orElseThrow(() -> unknown);
        if (caller.role().tenantScoped() && !caller.tenant().equals(key.tenant())) {
            throw unknown;
        }
        if (!keys.revoke(id)) {
            throw new ApiProblem(409, "already_revoked", "key '" + id + "' was revoked at " + key.revokedAt());
        }
        audit.record(caller, "key.revoke", key.tenant(), id, "name: " + key.name() + "; role: " + key.role());
        return new Revoked(id);
    }

    /** Newest first: every write through the admin API, who made it and what it changed. */
    @Allowed(Role.TENANT_ADMIN)
    @Operation(summary = "List the admin audit: every write, who made it and what it changed")
    @GetMapping("/api/audit")
    public AuditPage audit(@RequestParam(required = false) String tenant, @RequestParam(required = false) Integer limit,
                                     @RequestParam(required = false) Integer offset, HttpServletRequest request) {
        int size = FilterParams.limit(limit, FilterParams.MAX_PAGE);
        int from = FilterParams.offset(offset);
        List<AdminAudit.Entry> entries = audit.list(Scopes.tenant(Caller.of(request), tenant), size, from);
        return new AuditPage(entries, size, from);
    }

    /** Who this key is: its name, role and tenant (the console shows what the role may do). */
    @Allowed(Role.TENANT_VIEWER)
    @Operation(summary = "Who this key is: its name, role and tenant")
    @GetMapping("/api/me")
    public Me me(HttpServletRequest request) {
        Caller caller = Caller.of(request);
        return new Me(caller.name(), caller.role().written(), caller.tenant());
    }
}
