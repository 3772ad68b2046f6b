package dev.dispositions.gateway.api;

import dev.dispositions.gateway.config.TenantDirectory;
import dev.dispositions.gateway.crm.CrmConnector;
import dev.dispositions.gateway.crm.CrmRegistry;
import dev.dispositions.gateway.crm.InstallCheck;
import dev.dispositions.gateway.mapping.CrmMapping;
import dev.dispositions.gateway.overlay.TenantMappings;
import dev.dispositions.gateway.store.Redaction;
import java.io.PrintStream;
import java.util.List;
import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Component;

/**
 * The install check of a tenant's connector, with the tenant's mapping or a candidate one (a dry run): from the
 * API, the console and the command line ({@code check-connector <tenant> <crm>}).
 */
@Component
public class InstallChecks {
    private final TenantDirectory tenants;
    private final CrmRegistry crms;
    private final TenantMappings mappings;

    public InstallChecks(TenantDirectory tenants, CrmRegistry crms, TenantMappings mappings) {
        this.tenants = tenants;
        this.crms = crms;
        this.mappings = mappings;
    }

    /** @param ok true when every check passed; {@code checks} say what failed and how to fix it */
    public record Report(String tenant, String crm, boolean ok, List<InstallCheck.Finding> checks) {
    }

    /** @param candidate the mapping to check the CRM against; null for the tenant's own */
    public Report run(String tenant, String crm, CrmMapping candidate) {
        CrmConnector connector = connector(tenants, crms, tenant, crm);
        InstallCheck check = connector.check(tenant, candidate != null ? candidate : mappings.crm(tenant, crm).orElseThrow());
        return new Report(tenant, crm, check.ok(), check.findings().stream()
                .map(f -> new InstallCheck.Finding(f.check(), f.ok(), Redaction.credentials(f.detail()))).toList());
    }

    /** The tenant's connector of that CRM, or 404 naming which is missing. */
    static CrmConnector connector(TenantDirectory tenants, CrmRegistry crms, String tenant, String crm) {
        if (!tenants.exists(tenant)) {
            throw new ApiProblem(404, "unknown_tenant", "no tenant '" + tenant + "' is configured");
        }
        return crms.find(crm).filter(c -> tenants.enabledCrms(tenant).contains(crm))
                .orElseThrow(() -> new ApiProblem(404, "unknown_connector", "tenant '" + tenant + "' has no '" + crm + "' connector enabled"));
    }

    /** @return the exit code: 0 when everything passed, 1 when a check failed, 2 when there is no such connector */
    public static int runCommand(ApplicationContext context, String tenant, String crm, PrintStream out) {
        try {
            Report result = context.getBean(InstallChecks.class).run(tenant, crm, null);
            for (InstallCheck.Finding finding : result.checks()) {
                out.println((finding.ok() ? "ok    " : "FAIL  ") + finding.check() + ": " + finding.detail());
            }
            out.println(result.ok() ? "the " + crm + " connector of " + tenant + " is ready"
                    : "the " + crm + " connector of " + tenant + " is NOT ready: fix the failures above");
            return result.ok() ? 0 : 1;
        } catch (ApiProblem e) {
            out.println(e.getMessage());
            return 2;
        }
    }
}
