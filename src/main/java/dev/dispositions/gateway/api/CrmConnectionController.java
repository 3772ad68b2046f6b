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
    private final TenantController tenants;
    private final TenantDirectory directory;
    private final CrmRegistry crms;
    private final SecretBox box;
    private final AdminAudit audit;
    private final Clock clock;

    public CrmConnectionController(CrmConnectionRecords records, TenantController tenants, TenantDirectory directory, CrmRegistry crms,
                                   SecretBox box, AdminAudit audit, Clock clock) {
        this.records = records;
        this.tenants = tenants;
        this.directory = directory;
        this.crms = crms;
        this.box = box;
        this.audit = audit;
        this.clock = clock;
    }

    @Allowed(Role.TENANT_ADMIN)
    @Operation(summary = "Connect a CRM to a run-time tenant, or change its settings")
    @PutMapping("/api/tenants/{tenant}/crms/{crm}")
    public Map<String, Object> put(@PathVariable String tenant, @PathVariable String crm, @RequestBody Map<String, Object> body,
                                   HttpServletRequest request) {
        tenants.writable(tenant, true);
        CrmConnector connector = crms.find(crm).orElseThrow(() -> new ApiProblem(404, "unknown_crm", "no CRM connector '" + crm + "'"));
        Map<String, Object> settings = new LinkedHashMap<>(body);
        Object enabled = settings.remove("enabled");
        if (enabled != null && !(enabled instanceof Boolean)) {
            throw new ApiProblem(400, "invalid_body", "enabled", "enabled is true or false");
        }
        try {
            connector.validateSettings(crm, settings);
        } catch (IllegalStateException | IllegalArgumentException refused) {
            throw new ApiProblem(400, "invalid_settings", null, refused.getMessage());
        } catch (org.springframework.boot.context.properties.bind.BindException unbindable) {
            // The setting's name, never its value: it may be a credential typed in the wrong place.
            String name = unbindable.getName().toString().replaceFirst("^connector\\.", "");
            throw new ApiProblem(400, "invalid_settings", name, name + " has a value of the wrong kind for " + crm);
        }
        if (!box.enabled()) {
            throw new ApiProblem(409, "token_key_missing", null, "the gateway has no gateway.token-key (GATEWAY_TOKEN_KEY) to seal "
                    + "a CRM's credentials with: set one (openssl rand -base64 32) and restart, then send them again");
        }
        records.put(tenant, crm, enabled == null || (Boolean) enabled, settings, clock.instant());
        directory.refresh();
        CrmConnectionRecords.CrmView view = records.of(tenant).stream().filter(c -> c.crm().equals(crm)).findFirst().orElseThrow();
        audit.record(Caller.of(request), "crm.put", tenant, tenant + "/" + crm, "settings " + view.settings().keySet() + ", "
                + view.fingerprint() + "; enabled: " + view.enabled());
        return Map.of("tenant", tenant, "crm", view, "next", "GET /api/connectors/" + tenant + "/" + crm + "/check");
    }

    @Allowed(Role.TENANT_ADMIN)
    @Operation(summary = "Remove a CRM connection")
    @DeleteMapping("/api/tenants/{tenant}/crms/{crm}")
    public Map<String, Object> delete(@PathVariable String tenant, @PathVariable String crm, HttpServletRequest request) {
        tenants.writable(tenant, true);
        if (!records.delete(tenant, crm)) {
            throw new ApiProblem(404, "unknown_crm_connection", "tenant '" + tenant + "' has no connection to CRM '" + crm + "'");
        }
        audit.record(Caller.of(request), "crm.delete", tenant, tenant + "/" + crm, null);
        directory.refresh();
        return Map.of("deleted", tenant + "/" + crm);
    }
}
