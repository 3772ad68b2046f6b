package dev.dispositions.gateway.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dispositions.gateway.canonical.Outcome;
import dev.dispositions.gateway.delivery.DeliveryItem;
import dev.dispositions.gateway.mapping.CrmMapping.FieldSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The one check of a CRM mapping, whether it is a file at start-up, a reload, or a file with a tenant's overlay laid
 * over it: the schema, completeness, the do-not-contact lock, the connector's own rules, then the examples. Each
 * problem names the source, the YAML path and the reason.
 */
public final class MappingValidator {
    private MappingValidator() {
    }

    /**
     * A sample call for a dry run, built as a mapping example's {@code event} is: the facts given, the rest default.
     *
     * @throws IllegalArgumentException naming what is not a canonical fact
     */
    public static dev.dispositions.gateway.canonical.CanonicalDisposition sampleEvent(String tenant, Map<String, Object> facts) {
        return MappingExamples.event(tenant, facts);
    }

    /**
     * The overlay's person actions that would write a field the locked do-not-contact action owns.
     *
     * @param actions the names of the actions the overlay sets
     */
    public static List<MappingProblem> lockedFieldProblems(String source, CrmMapping mapping, java.util.Collection<String> actions) {
        CrmFileRules rules = CONNECTOR_RULES.get(mapping.crm());
        java.util.Set<String> locked = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        locked.addAll(rules == null ? java.util.Set.of() : rules.doNotContactFields());
        List<MappingProblem> p = new ArrayList<>();
        for (String name : actions) {
            CrmMapping.ActionSpec action = mapping.actions().get(name);
            if (action != null && !action.createsRecord()) {
                action.fields().keySet().stream().filter(locked::contains).forEach(f -> p.add(new MappingProblem(source,
                        "actions." + name + ".fields." + f, "is a do-not-contact flag, set only by the locked do-not-contact action: "
                        + "a tenant's overlay cannot write it (README: Do not contact)")));
            }
        }
        return p;
    }

    /**
     * A CRM mapping given as a tree, checked as a file is.
     *
     * @param source how problems name it ({@code mappings/crms/salesforce.yaml}, {@code overlay acme/salesforce})
     * @throws MappingFileException naming every problem
     */
    public static CrmMapping crm(String source, String crm, JsonNode tree) {
        List<MappingProblem> problems = new ArrayList<>();
        var parsed = MappingCatalog.parse(source, tree, CrmMapping.class, MappingSchemas.CRM, problems);
        parsed.ifPresent(m -> checkCrm(source, crm, m).stream()
                .filter(extra -> problems.stream().noneMatch(o -> o.path().equals(extra.path()))).forEach(problems::add));
        if (!problems.isEmpty() || parsed.isEmpty()) {
            throw new MappingFileException(problems);
        }
        return parsed.get();
    }

    static List<MappingProblem> checkCrm(String file, String expectedId, CrmMapping m) {
        List<MappingProblem> p = new ArrayList<>();
        if (!expectedId.equals(m.crm())) {
            p.add(new MappingProblem(file, "crm", "must equal the file name '" + expectedId + "', found '" + m.crm() + "'"));
        }
        m.outcomes().forEach((name, value) -> {
            MappingCatalog.outcomeName(file, "outcomes." + name, name, p);
            if (value == null || value.isBlank()) {
                p.add(new MappingProblem(file, "outcomes." + name, "needs the CRM's value for this outcome"));
            }
        });
        m.ignore().forEach((name, reason) -> {
            MappingCatalog.outcomeName(file, "ignore." + name, name, p);
            if (Outcome.DO_NOT_CONTACT.name().equals(name)) {
                p.add(new MappingProblem(file, "ignore." + name,
                        "DO_NOT_CONTACT cannot be ignored: its do-not-call action is locked for compliance (README: Do not contact)"));
            }
            if (reason == null || reason.isBlank()) {
                p.add(new MappingProblem(file, "ignore." + name, "an ignored outcome needs a reason"));
            }
            if (m.outcomes().containsKey(name)) {
                p.add(new MappingProblem(file, "ignore." + name, "is also mapped under outcomes; pick one"));
            }
        });
        for (Outcome o : Outcome.values()) {
            if (!m.outcomes().containsKey(o.name()) && !m.ignore().containsKey(o.name())) {
                p.add(new MappingProblem(file, "outcomes." + o.name(),
                        "missing: every outcome is mapped under 'outcomes' or listed under 'ignore' with a reason"));
            }
        }
        if (m.activity() == null || m.activity().object() == null || m.activity().object().isBlank()) {
            p.add(new MappingProblem(file, "activity.object", "names the CRM object written for a call"));
        } else if (m.activity().fields().isEmpty()) {
            p.add(new MappingProblem(file, "activity.fields", "needs at least one field"));
        } else {
            m.activity().fields().forEach((name, spec) -> checkField(file, "activity.fields." + name, spec, p));
        }
        m.actions().forEach((name, action) -> {
            String path = "actions." + name;
            if (DeliveryItem.ACTIVITY.equals(name) || DeliveryItem.DO_NOT_CONTACT.equals(name)) {
                p.add(new MappingProblem(file, path, "'" + name + "' is the gateway's own; name the action otherwise"));
            }
            action.when().forEach(o -> MappingCatalog.outcomeName(file, path + ".when", o, p));
            if (!"new".equals(action.target()) && !"person".equals(action.target())) {
                p.add(new MappingProblem(file, path + ".target", "must be 'new' (create a record) or 'person' (update the person)"));
            }
            if (action.createsRecord() && (action.object() == null || action.object().isBlank())) {
                p.add(new MappingProblem(file, path + ".object", "names the CRM object the action creates"));
            }
            action.fields().forEach((field, spec) -> checkField(file, path + ".fields." + field, spec, p));
        });
        m.newPeople().forEach((object, fields) -> {
            if (fields == null || fields.isEmpty()) {
                p.add(new MappingProblem(file, "newPeople." + object, "needs at least one field"));
            } else {
                fields.forEach((field, spec) -> checkField(file, "newPeople." + object + "." + field, spec, p));
            }
        });
        CrmFileRules rules = CONNECTOR_RULES.get(m.crm());
        if (rules != null && m.activity() != null) {
            p.addAll(rules.problems(file, m));
        }
        if (p.isEmpty()) {
            MappingExamples.check(file, m, p);
        }
        return p;
    }

    /** Each connector's own rules for its file, found once on the class path. */
    private static final Map<String, CrmFileRules> CONNECTOR_RULES = CrmFileRules.all();

    private static void checkField(String file, String path, FieldSpec spec, List<MappingProblem> p) {
        if (spec == null) {
            p.add(new MappingProblem(file, path, "needs one of value, from or template"));
            return;
        }
        long kinds = Arrays.asList(spec.value(), spec.from(), spec.template()).stream().filter(x -> x != null).count();
        if (kinds != 1) {
            p.add(new MappingProblem(file, path, "needs exactly one of value, from or template, found " + kinds));
        }
        if (spec.from() != null && !ActivityRenderer.sourceNames().contains(spec.from())) {
            p.add(new MappingProblem(file, path + ".from", "unknown canonical field '" + spec.from() + "'; known: "
                    + new java.util.TreeSet<>(ActivityRenderer.sourceNames())));
        }
        if (spec.orElse() != null) {
            for (String name : ActivityRenderer.placeholders(spec.orElse())) {
                if (!ActivityRenderer.sourceNames().contains(name)) {
                    p.add(new MappingProblem(file, path + ".default", "unknown placeholder {" + name + "}"));
                }
            }
        }
        if (spec.template() != null) {
            for (String name : ActivityRenderer.placeholders(spec.template())) {
                if (!ActivityRenderer.sourceNames().contains(name)) {
                    p.add(new MappingProblem(file, path + ".template", "unknown placeholder {" + name + "}"));
                }
            }
        }
        if (spec.transform() != null && !ActivityRenderer.transformNames().contains(spec.transform())) {
            p.add(new MappingProblem(file, path + ".transform", "unknown transform '" + spec.transform() + "'; known: "
                    + new java.util.TreeSet<>(ActivityRenderer.transformNames())));
        }
        if (spec.maxLength() != null && spec.maxLength() < 1) {
            p.add(new MappingProblem(file, path + ".maxLength", "must be at least 1"));
        }
    }

}
