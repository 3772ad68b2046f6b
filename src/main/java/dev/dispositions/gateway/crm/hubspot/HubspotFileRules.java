package dev.dispositions.gateway.crm.hubspot;

import dev.dispositions.gateway.mapping.CrmFileRules;
import dev.dispositions.gateway.mapping.CrmMapping;
import dev.dispositions.gateway.mapping.MappingProblem;
import java.util.List;
import java.util.Set;

/** What the hubspot connector's do-not-contact action owns: the default do-not-call property. Its file has no other limits the schema misses. */
public class HubspotFileRules implements CrmFileRules {
    @Override
    public String crm() {
        return HubspotPortals.CRM;
    }

    @Override
    public List<MappingProblem> problems(String file, CrmMapping mapping) {
        return List.of();
    }

    @Override
    public Set<String> doNotContactFields() {
        return Set.of("do_not_call");
    }
}
