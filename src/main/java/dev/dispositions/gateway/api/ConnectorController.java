package dev.dispositions.gateway.api;

import dev.dispositions.gateway.config.TenantDirectory;
import dev.dispositions.gateway.crm.CrmConnector;
import dev.dispositions.gateway.crm.CrmRegistry;
import dev.dispositions.gateway.crm.InstallCheck;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** The install check for CRM admins: does this tenant's connector work, and does the CRM have what the mapping uses? */
@RestController
public class ConnectorController {
    private final TenantDirectory tenants;
    private final CrmRegistry crms;

    public ConnectorController(TenantDirectory tenants, CrmRegistry crms) {
        this.tenants = tenants;
        this.crms = crms;
    }

    @GetMapping("/api/connectors/{tenant}/{crm}/check")
    public Map<String, Object> check(@PathVariable String tenant, @PathVariable String crm) {
        return run(tenants, crms, tenant, crm);
    }

    static Map<String, Object> run(TenantDirectory tenants, CrmRegistry crms, String tenant, String crm) {
        if (!tenants.exists(tenant)) {
            throw new ApiProblem(404, "unknown_tenant", "no tenant '" + tenant + "' is configured");
        }
        CrmConnector connector = crms.find(crm).filter(c -> tenants.enabledCrms(tenant).contains(crm))
                .orElseThrow(() -> new ApiProblem(404, "unknown_connector", "tenant '" + tenant + "' has no '" + crm + "' connector enabled"));
        InstallCheck check = connector.check(tenant);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("tenant", tenant);
        out.put("crm", crm);
        out.put("ok", check.ok());
        out.put("checks", check.findings());
        return out;
    }

    /** The same check from the command line: {@code check-connector <tenant> <crm>}; exit 0 when everything passed. */
    public static int runCommand(org.springframework.context.ApplicationContext context, String tenant, String crm, java.io.PrintStream out) {
        try {
            Map<String, Object> result = run(context.getBean(TenantDirectory.class), context.getBean(CrmRegistry.class), tenant, crm);
            for (Object f : (java.util.List<?>) result.get("checks")) {
                InstallCheck.Finding finding = (InstallCheck.Finding) f;
                out.println((finding.ok() ? "ok    " : "FAIL  ") + finding.check() + ": " + finding.detail());
            }
            out.println(Boolean.TRUE.equals(result.get("ok")) ? "the " + crm + " connector of " + tenant + " is ready"
                    : "the " + crm + " connector of " + tenant + " is NOT ready: fix the failures above");
            return Boolean.TRUE.equals(result.get("ok")) ? 0 : 1;
        } catch (ApiProblem e) {
            out.println(e.getMessage());
            return 2;
        }
    }
}
