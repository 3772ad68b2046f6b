package dev.dispositions.gateway.api;

import io.swagger.v3.oas.annotations.Operation;
import dev.dispositions.gateway.access.AdminAudit;
import dev.dispositions.gateway.access.Allowed;
import dev.dispositions.gateway.access.Caller;
import dev.dispositions.gateway.access.Role;
import dev.dispositions.gateway.config.TenantDirectory;
import dev.dispositions.gateway.store.TenantRecords;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Tenants made at run time: an operator creates, disables and deletes them; their dialer connections are in
 * {@link DialerConnectionController}. A tenant declared in {@code gateway.tenants} is listed, read-only (409).
 */
@RestController
public class TenantController {
    private final TenantRecords records;
    private final TenantDirectory directory;
    private final AdminAudit audit;
    private final Clock clock;

    public TenantController(TenantRecords records, TenantDirectory directory, AdminAudit audit, Clock clock,
                            @org.springframework.beans.factory.annotation.Value("${gateway.tenant-refresh:2s}") java.time.Duration refresh) {
        this.settle = refresh.multipliedBy(2);
        this.records = records;
        this.directory = directory;
        this.audit = audit;
        this.clock = clock;
    }

    /** How long a disabled tenant waits before it can be deleted: longer than every replica takes to see the disable. */
    private final java.time.Duration settle;

    public record NewTenant(String id) {
    }

    public record TenantChange(Boolean enabled) {
    }

    /**
     * A tenant as the API shows it.
     *
     * @param source   {@code configuration} (read-only here) or {@code api}
     * @param dialers  its dialer connections (a configured tenant's: their names only)
     * @param crms     its CRM connections (a configured tenant's: their names only)
     */
    public record TenantStatus(String id, String source, boolean readOnly, boolean enabled, java.time.OffsetDateTime createdAt,
                               java.time.OffsetDateTime updatedAt, List<TenantRecords.DialerView> dialers,
                               List<dev.dispositions.gateway.store.CrmConnectionRecords.CrmView> crms) {
    }

    public record TenantList(List<TenantStatus> tenants) {
    }

    public record Deleted(String deleted) {
    }

    @Allowed(Role.OPERATOR)
    @Operation(summary = "Create a tenant")
    @PostMapping("/api/tenants")
    @ResponseStatus(HttpStatus.CREATED)
    public TenantRecords.TenantView create(@RequestBody NewTenant body, HttpServletRequest request) {
        String id = body.id() == null ? "" : body.id();
        if (!TenantDirectory.TENANT_ID.matcher(id).matches()) {
            throw new ApiProblem(400, "invalid_body", "id", "a tenant id is 1 to 63 lowercase letters, digits and '-', starting with a letter or digit");
        }
        writable(id, false);
        if (!records.create(id, clock.instant())) {
            throw new ApiProblem(409, "tenant_exists", "tenant '" + id + "' exists already");
        }
        audit.record(Caller.of(request), "tenant.create", id, id, null);
        directory.refresh();
        return records.find(id).orElseThrow();
    }

    @Allowed(Role.TENANT_VIEWER)
    @Operation(summary = "List the tenants, from the configuration and the admin API")
    @GetMapping("/api/tenants")
    public TenantList list(HttpServletRequest request) {
        Caller caller = Caller.of(request);
        List<TenantStatus> out = new ArrayList<>();
        directory.configured().forEach((id, t) -> {
            if (caller.sees(id)) {
                out.add(configuredView(id));
            }
        });
        records.list().stream().filter(t -> caller.sees(t.id())).forEach(t -> out.add(apiView(t)));
        return new TenantList(out);
    }

    @Allowed(Role.TENANT_VIEWER)
    @Operation(summary = "Read one tenant with its connections")
    @GetMapping("/api/tenants/{tenant}")
    public TenantStatus one(@PathVariable String tenant) {
        if (directory.configured().containsKey(tenant)) {
            return configuredView(tenant);
        }
        return apiView(records.find(tenant).orElseThrow(() -> unknown(tenant)));
    }

    @Allowed(Role.OPERATOR)
    @Operation(summary = "Enable or disable a run-time tenant")
    @PatchMapping("/api/tenants/{tenant}")
    public TenantStatus change(@PathVariable String tenant, @RequestBody TenantChange body, HttpServletRequest request) {
        writable(tenant, true);
        if (body.enabled() == null) {
            throw new ApiProblem(400, "invalid_body", "enabled", "say enabled: true or false");
        }
        records.setEnabled(tenant, body.enabled(), clock.instant());
        audit.record(Caller.of(request), body.enabled() ? "tenant.enable" : "tenant.disable", tenant, tenant, null);
        directory.refresh();
        return one(tenant);
    }

    /** Only a disabled tenant, and none with a do-not-contact still to deliver; its stored data follows the retention settings. */
    @Allowed(Role.OPERATOR)
    @Operation(summary = "Delete a disabled run-time tenant")
    @DeleteMapping("/api/tenants/{tenant}")
    public Deleted delete(@PathVariable String tenant, HttpServletRequest request) {
        writable(tenant, true);
        if (records.find(tenant).orElseThrow().enabled()) {
            throw new ApiProblem(409, "tenant_enabled", "disable tenant '" + tenant + "' first (PATCH {\"enabled\": false}): its dialers' "
                    + "webhooks are then refused, and nothing new arrives while it goes");
        }
        java.time.Instant now = clock.instant();
        if (records.changedAt(tenant).orElse(now).isAfter(now.minus(settle))) {
            // Another replica may not have seen the disable yet, and could still accept (say) an opt-out meanwhile.
            throw new ApiProblem(409, "tenant_just_disabled", "tenant '" + tenant + "' was disabled less than " + settle.toSeconds()
                    + " s ago: every replica must have stopped taking its webhooks first; try again in a few seconds");
        }
        noOptOutWaiting(records, tenant, null);
        records.delete(tenant, now);
        audit.record(Caller.of(request), "tenant.delete", tenant, tenant, null);
        directory.refresh();
        return new Deleted(tenant);
    }

    /** Refuses a tenant the configuration declares; with {@code mustExist}, one the API never made. */
    void writable(String tenant, boolean mustExist) {
        if (directory.configured().containsKey(tenant)) {
            throw new ApiProblem(409, "configured_tenant", "tenant '" + tenant + "' is declared in gateway.tenants and is changed there; "
                    + "to manage it here, remove it from the configuration and create it again (its data is keyed by its id and stays)");
        }
        if (mustExist && records.find(tenant).isEmpty()) {
            throw unknown(tenant);
        }
    }

    private TenantStatus configuredView(String id) {
        var t = directory.configured().get(id);
        List<TenantRecords.DialerView> dialers = t.dialers().entrySet().stream().map(d -> new TenantRecords.DialerView(d.getKey(),
                d.getValue().enabled(), null, null, null, null, d.getValue().defaultRegion(), null, null)).toList();
        List<dev.dispositions.gateway.store.CrmConnectionRecords.CrmView> crms = directory.enabledCrms(id).stream()
                .map(crm -> new dev.dispositions.gateway.store.CrmConnectionRecords.CrmView(crm, true, null, null, null)).toList();
        return new TenantStatus(id, "configuration", true, true, null, null, dialers, crms);
    }

    private static TenantStatus apiView(TenantRecords.TenantView t) {
        return new TenantStatus(t.id(), "api", false, t.enabled(), t.createdAt(), t.updatedAt(), t.dialers(), t.crms());
    }

    static ApiProblem unknown(String tenant) {
        return Scopes.unknownTenant(tenant);
    }

    /** What the tenant API answers without a token key to seal a secret with. */
    static ApiProblem tokenKeyMissing(String field, String what) {
        return new ApiProblem(409, "token_key_missing", field, "the gateway has no gateway.token-key (GATEWAY_TOKEN_KEY) to seal "
                + what + " with: set one (openssl rand -base64 32) and restart, then send again");
    }

    /** Refuses what would leave the tenant's opt-outs (to one CRM, or any when {@code crm} is null) unmade. */
    static void noOptOutWaiting(TenantRecords records, String tenant, String crm) {
        long pending = records.pendingDoNotContacts(tenant, crm);
        if (pending > 0) {
            throw new ApiProblem(409, "do_not_contact_pending", "tenant '" + tenant + "' has " + pending + " do-not-contact deliveries"
                    + (crm == null ? "" : " to " + crm) + " not delivered yet: deliver them, or have an operator discard them, first");
        }
    }
}
