package dev.dispositions.gateway.mapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AssignableTypeFilter;

/**
 * What one CRM forbids in its mapping file that the schema cannot know (a field's length in that CRM, a field the
 * connector writes itself). Each connector package may have one implementation with a no-argument constructor; they
 * are found on the class path, so the same rules run at start-up, on a reload and in {@code validate-mappings},
 * without starting a gateway, and adding a CRM touches nothing here.
 */
public interface CrmFileRules {
    String CONNECTOR_PACKAGES = "dev.dispositions.gateway.crm";

    String crm();

    /** Each problem with its YAML path and reason. */
    List<MappingProblem> problems(String file, CrmMapping mapping);

    /**
     * The person fields the locked do-not-contact action sets (at their default names): a tenant's overlay may not
     * write them, so no action of a later call can clear what an opt-out set.
     */
    default java.util.Set<String> doNotContactFields() {
        return java.util.Set.of();
    }

    /** Every connector's rules, by CRM id. */
    static Map<String, CrmFileRules> all() {
        var scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AssignableTypeFilter(CrmFileRules.class));
        Map<String, CrmFileRules> rules = new TreeMap<>();
        List<String> broken = new ArrayList<>();
        for (var candidate : scanner.findCandidateComponents(CONNECTOR_PACKAGES)) {
            try {
                CrmFileRules r = (CrmFileRules) Class.forName(candidate.getBeanClassName()).getDeclaredConstructor().newInstance();
                rules.put(r.crm(), r);
            } catch (ReflectiveOperationException e) {
                broken.add(candidate.getBeanClassName() + ": " + e);
            }
        }
        if (!broken.isEmpty()) {
            throw new IllegalStateException("CRM mapping rules that cannot be made: " + broken);
        }
        return rules;
    }
}
