package dev.dispositions.gateway.crm;

import dev.dispositions.gateway.config.TenantDirectory;
import dev.dispositions.gateway.mapping.MappingCatalog;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/** All CRM connectors by id. Refuses to start on a duplicate id, a missing mapping file or an unknown CRM in config. */
@Component
public class CrmRegistry {
    private final Map<String, CrmConnector> connectors = new TreeMap<>();

    public CrmRegistry(List<CrmConnector> found, MappingCatalog mappings, TenantDirectory tenants) {
        for (CrmConnector c : found) {
            if (connectors.put(c.id(), c) != null) {
                throw new IllegalStateException("two CRM connectors share the id '" + c.id() + "'");
            }
            if (mappings.crm(c.id()).isEmpty()) {
                throw new IllegalStateException("CRM connector '" + c.id() + "' has no mappings/crms/" + c.id() + ".yaml");
            }
        }
        tenants.all().forEach((tenant, t) -> t.crms().keySet().forEach(crm -> {
            if (!connectors.containsKey(crm)) {
                throw new IllegalStateException("gateway.tenants." + tenant + ".crms." + crm + ": no such CRM connector; known: "
                        + connectors.keySet());
            }
        }));
    }

    /**
     * Reads the CRM mapping files again and uses them if every file passes its checks (its connector's rules
     * included: {@link dev.dispositions.gateway.mapping.CrmFileRules}) and every tenant's overlay still holds over
     * them; otherwise nothing changes. Returns the CRMs
     * reloaded.
     *
     * @throws dev.dispositions.gateway.mapping.MappingFileException naming the problems
     */
    public java.util.Set<String> reloadMappings(MappingCatalog mappings,
            java.util.function.Function<MappingCatalog.Files, List<dev.dispositions.gateway.mapping.MappingProblem>> overlaysOver) {
        var fresh = mappings.readCrms();
        List<dev.dispositions.gateway.mapping.MappingProblem> problems = new java.util.ArrayList<>();
        connectors.forEach((id, c) -> {
            var m = fresh.mappings().get(id);
            if (m == null) {
                problems.add(new dev.dispositions.gateway.mapping.MappingProblem("crms/" + id + ".yaml", "", "missing"));
            }
        });
        problems.addAll(overlaysOver.apply(fresh)); // a tenant's overlay must still hold over the new files
        if (!problems.isEmpty()) {
            throw new dev.dispositions.gateway.mapping.MappingFileException(problems);
        }
        mappings.useCrms(fresh);
        return fresh.mappings().keySet();
    }

    /** Every connector's id. */
    public java.util.Set<String> ids() {
        return java.util.Set.copyOf(connectors.keySet());
    }

    public boolean exists(String id) {
        return connectors.containsKey(CrmConnector.kindOf(id));
    }

    /** The connector of a CRM id, or of a destination's ({@code webhook:<id>}). */
    public java.util.Optional<CrmConnector> find(String id) {
        return java.util.Optional.ofNullable(connectors.get(CrmConnector.kindOf(id)));
    }
}
