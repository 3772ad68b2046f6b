package dev.dispositions.gateway.crm.salesforce;

import dev.dispositions.gateway.mapping.CrmFileRules;
import dev.dispositions.gateway.mapping.CrmMapping;
import dev.dispositions.gateway.mapping.MappingProblem;
import java.util.List;
import java.util.Set;

/** What the salesforce connector's do-not-contact action owns: {@code DoNotCall}, and {@code HasOptedOutOfEmail} for all channels. Its file has no other limits the schema misses. */
public class SalesforceFileRules implements CrmFileRules {
    @Override
    public String crm() {
        return SalesforceComponents.CRM;
    }

    @Override
    public List<MappingProblem> problems(String file, CrmMapping mapping) {
        return List.of();
    }

    @Override
    public Set<String> doNotContactFields() {
        return Set.of("DoNotCall", "HasOptedOutOfEmail");
    }
}
