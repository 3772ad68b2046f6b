package dev.dispositions.gateway.api;

import io.swagger.v3.oas.annotations.Operation;
import dev.dispositions.gateway.access.AdminAudit;
import dev.dispositions.gateway.access.Allowed;
import dev.dispositions.gateway.access.Caller;
import dev.dispositions.gateway.access.Role;
import dev.dispositions.gateway.config.TenantDirectory;
import dev.dispositions.gateway.crm.CrmConnector;
import dev.dispositions.gateway.crm.CrmRegistry;
import dev.dispositions.gateway.store.CrmConnectionRecords;
import dev.dispositions.gateway.store.SecretBox;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * A run-time tenant's CRM connections: the connector's settings as the configuration writes them ({@code client-id},
 * {@code login-url}, …; see each CRM's section of the README), checked as the start-up check checks the
 * configuration's, sealed with the token key, never shown back. Then run the install check on it.
 */
@RestController
public class CrmConnectionController {
    private final CrmConnectionRecords records;
    private final dev.dispositions.gateway.store.TenantRecords tenantRecords;
    private final TenantController tenants;
    private final TenantDirectory directory;
    private final CrmRegistry crms;
    private final SecretBox box;
    private final AdminAudit audit;
    private final Clock clock;

    public CrmConnectionController(CrmConnectionRecords records, dev.dispositions.gateway.store.TenantRecords tenantRecords,
                                   TenantController tenants, TenantDirectory directory, CrmRegistry crms, SecretBox box, AdminAudit audit,
                                   Clock clock) {
        this.records = records;
        this.tenantRecords = tenantRecords;
        this.tenants = tenants;
        this.directory = directory;
        this.crms = crms;
        this.box = box;
        this.audit = audit;
        this.clock = clock;
    }

    /** @param next what to run next: the install check of the connection */
    public record CrmAnswer(String tenant, CrmConnectionRecords.CrmView crm, String next) {
    }

    @Allowed(Role.TENANT_ADMIN)
    @Operation(summary = "Connect a CRM to a run-time tenant, or change its settings")
    @PutMapping("/api/tenants/{tenant}/crms/{crm}")
    public CrmAnswer put(@PathVariable String tenant, @PathVariable String crm, @RequestBody Map<String, Object> body,
                                   HttpServletRequest request) {
        tenants.writable(tenant, true);
        CrmConnector connector = crms.find(crm).orElseThrow(() -> new ApiProblem(404, "unknown_crm", "no CRM connector '" + crm + "'"));
        Map<String, Object> settings = new LinkedHashMap<>(body);
        Object enabled = settings.remove("enabled");
        if (enabled != null && !(enabled instanceof Boolean)) {
            throw new ApiProblem(400, "invalid_body", "enabled", "enabled is true or false");
        }
        Caller caller = Caller.of(request);
        Map<String, Object> operators = caller.operator() ? Map.of() : operatorsSettings(tenant, crm);
        if (!caller.operator()) {
            Map<String, Object> merged = new LinkedHashMap<>(operators);
            merged.putAll(settings);
            settings = merged;
        }
        try {
            settings = connector.validateSettings(crm, settings);
        } catch (IllegalStateException | IllegalArgumentException refused) {
            throw new ApiProblem(400, "invalid_settings", null, refused.getMessage());
        } catch (org.springframework.boot.context.properties.bind.BindException unbindable) {
            // The setting's name, never its value: it may be a credential typed in the wrong place.
            String name = unbindable.getName().toString().replaceFirst("^connector\\.", "");
            throw new ApiProblem(400, "invalid_settings", name, name + " has a value of the wrong kind for " + crm);
        }
        if (!caller.operator()) {
            for (String name : java.util.stream.Stream.concat(settings.keySet().stream(), operators.keySet().stream()).distinct().toList()) {
                if (operatorsOnly(name) && !String.valueOf(settings.get(name)).equals(String.valueOf(operators.get(name)))) {
                    throw new ApiProblem(403, "forbidden", name, name + " is set by an operator: ask yours to set it, and leave it out here");
                }
            }
        }
        if (!box.enabled()) {
            throw TenantController.tokenKeyMissing(null, "a CRM's credentials");
        }
        if (Boolean.FALSE.equals(enabled)) {
            TenantController.noOptOutWaiting(tenantRecords, tenant, crm);
        }
        records.put(tenant, crm, enabled == null || (Boolean) enabled, settings, clock.instant());
        directory.refresh();
        CrmConnectionRecords.CrmView view = records.of(tenant).stream().filter(c -> c.crm().equals(crm)).findFirst().orElseThrow();
        audit.record(caller, "crm.put", tenant, tenant + "/" + crm, "settings " + view.settings().keySet() + ", "
                + view.fingerprint() + "; enabled: " + view.enabled());
        return new CrmAnswer(tenant, view, "GET /api/connectors/" + tenant + "/" + crm + "/check");
    }

    @Allowed(Role.TENANT_ADMIN)
    @Operation(summary = "Remove a CRM connection")
    @DeleteMapping("/api/tenants/{tenant}/crms/{crm}")
    public TenantController.Deleted delete(@PathVariable String tenant, @PathVariable String crm, HttpServletRequest request) {
        tenants.writable(tenant, true);
        TenantController.noOptOutWaiting(tenantRecords, tenant, crm);
        if (!records.delete(tenant, crm)) {
            throw new ApiProblem(404, "unknown_crm_connection", "tenant '" + tenant + "' has no connection to CRM '" + crm + "'");
        }
        audit.record(Caller.of(request), "crm.delete", tenant, tenant + "/" + crm, null);
        directory.refresh();
        return new TenantController.Deleted(tenant + "/" + crm);
    }

    /**
     * Where the gateway sends a tenant's credentials, and the files it reads, are the operator's to choose: a tenant
     * key pointing them elsewhere could collect what the gateway sends there. A tenant admin's change keeps the ones
     * the operator set, and may not change them.
     */
    private static boolean operatorsOnly(String name) {
        return name.endsWith("-url") || name.equals("keystore");
    }

    private Map<String, Object> operatorsSettings(String tenant, String crm) {
        Map<String, Object> kept = new LinkedHashMap<>();
        records.settings(tenant, crm).orElse(Map.of()).forEach((name, value) -> {
            if (operatorsOnly(name)) {
                kept.put(name, value);
            }
        });
        return kept;
    }
}
