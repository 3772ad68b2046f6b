package dev.dispositions.gateway.crm.bullhorn;

import dev.dispositions.gateway.mapping.CrmFileRules;
import dev.dispositions.gateway.mapping.CrmMapping;
import dev.dispositions.gateway.mapping.MappingProblem;
import java.util.ArrayList;
import java.util.List;

/** Bullhorn's limits on its mapping file: Note.action is a String(30) (docs/sources.md#bullhorn-note), a longer
 * value would be cut or refused; and externalID is the connector's own. */
public class BullhornFileRules implements CrmFileRules {
    static final int ACTION_LENGTH = 30;

    @Override
    public String crm() {
        return BullhornSessions.CRM;
    }

    /** The default do-not-contact field ({@code status} set to "Do Not Contact"). */
    @Override
    public java.util.Set<String> doNotContactFields() {
        return java.util.Set.of("status");
    }

    @Override
    public List<MappingProblem> problems(String file, CrmMapping mapping) {
        List<MappingProblem> problems = new ArrayList<>();
        mapping.outcomes().forEach((outcome, action) -> {
            if (action != null && action.length() > ACTION_LENGTH) {
                problems.add(new MappingProblem(file, "outcomes." + outcome, "Note.action holds at most " + ACTION_LENGTH
                        + " characters, '" + action + "' has " + action.length()));
            }
        });
        if (mapping.activity() != null && mapping.activity().fields().containsKey("externalID")) {
            problems.add(new MappingProblem(file, "activity.fields.externalID",
                    "the connector writes the call's key there to find the Note again; remove it"));
        }
        return problems;
    }
}
