package dev.dispositions.gateway.overlay;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.dispositions.gateway.canonical.Outcome;
import dev.dispositions.gateway.mapping.DialerMapping;
import dev.dispositions.gateway.mapping.LabelNormalForm;
import dev.dispositions.gateway.mapping.LabelTable;
import dev.dispositions.gateway.mapping.MappingProblem;
import dev.dispositions.gateway.mapping.OptOutPhrases;
import dev.dispositions.gateway.mapping.PossibleOptOut;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tenant's overlay of one dialer's file: its own labels (label → outcome, over the file's and those its
 * configuration declares) and what a missing label that reads like an opt-out becomes.
 *
 * @param possibleOptOut {@code do-not-contact} or {@code reject}; absent: the tenant's setting, else the file's
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DialerOverlay(Map<String, String> labels, String possibleOptOut) {
    public static final DialerOverlay NONE = new DialerOverlay(Map.of(), null);

    public DialerOverlay {
        labels = labels == null ? Map.of() : new LinkedHashMap<>(labels);
    }

    /** The tenant's labels with the overlay's laid over them. */
    public Map<String, String> labelsOver(Map<String, String> tenantLabels) {
        Map<String, String> out = new LinkedHashMap<>(tenantLabels == null ? Map.of() : tenantLabels);
        labels.forEach((label, outcome) -> {
            out.keySet().removeIf(l -> LabelNormalForm.same(l, label)); // the overlay's spelling wins
            out.put(label, outcome);
        });
        return out;
    }

    public PossibleOptOut possibleOptOutOr(PossibleOptOut tenants) {
        return possibleOptOut == null ? tenants : PossibleOptOut.parse(possibleOptOut);
    }

    /**
     * Outcome names, one outcome per label, and the opt-out lock: a label that is an opt-out anywhere the tenant's
     * calls are read (the file's table, its refinements, the tenant's configured labels), or one that reads like an
     * opt-out, cannot be mapped to anything else by a tenant.
     */
    public List<MappingProblem> problems(String source, DialerMapping file, Map<String, String> tenantLabels) {
        List<MappingProblem> p = new ArrayList<>();
        labels.forEach((label, outcome) -> {
            String path = "labels." + label;
            if (label.isBlank() || label.length() > DialerMapping.MAX_LABEL) {
                p.add(new MappingProblem(source, path, "a label is 1 to " + DialerMapping.MAX_LABEL + " characters"));
            }
            if (outcome == null || Outcome.byName(outcome) == null) {
                p.add(new MappingProblem(source, path, "'" + outcome + "' is not an outcome; known: " + java.util.Arrays.toString(Outcome.values())));
                return;
            }
            if (Outcome.DO_NOT_CONTACT.name().equals(outcome)) {
                return;
            }
            String optOutBy = optOutBy(label, file, tenantLabels);
            if (optOutBy != null) {
                p.add(new MappingProblem(source, path, optOutBy + " maps this label to DO_NOT_CONTACT; an opt-out stays an opt-out "
                        + "(README: Do not contact)"));
            } else if (OptOutPhrases.readLikeAnOptOut(label)) {
                p.add(new MappingProblem(source, path, "reads like an opt-out, so it can only be mapped to DO_NOT_CONTACT"));
            }
        });
        new LabelTable(labels.entrySet().stream().filter(e -> e.getValue() != null).collect(java.util.stream.Collectors.toMap(
                Map.Entry::getKey, e -> DialerMapping.LabelRule.of(e.getValue()), (a, b) -> a, LinkedHashMap::new))).conflicts()
                .forEach(c -> p.add(new MappingProblem(source, "labels." + c.label(), "is the same label as '" + c.sameAs()
                        + "' (labels match on their normal form) but maps to another outcome")));
        if (possibleOptOut != null && PossibleOptOut.parse(possibleOptOut) == null) {
            p.add(new MappingProblem(source, "possibleOptOut", "is 'do-not-contact' or 'reject'"));
        }
        return p;
    }

    /** The overlay without the labels that would map an opt-out away (a file changed since it was saved). */
    public DialerOverlay withinTheLock(DialerMapping file, Map<String, String> tenantLabels, java.util.function.Consumer<String> dropped) {
        Map<String, String> kept = new LinkedHashMap<>();
        labels.forEach((label, outcome) -> {
            boolean breaks = !Outcome.DO_NOT_CONTACT.name().equals(outcome)
                    && (optOutBy(label, file, tenantLabels) != null || OptOutPhrases.readLikeAnOptOut(label));
            if (breaks) {
                dropped.accept(label);
            } else {
                kept.put(label, outcome);
            }
        });
        return new DialerOverlay(kept, possibleOptOut);
    }

    /** Where the label is an opt-out for this tenant, or null. */
    private static String optOutBy(String label, DialerMapping file, Map<String, String> tenantLabels) {
        if (file.knows(label) && file.resolve(label, null).meansDoNotContact()) {
            return "mappings/dialers/" + file.dialer() + ".yaml";
        }
        for (var refinement : file.refine().entrySet()) {
            var r = refinement.getValue().labels() == null ? null : refinement.getValue().labels().find(label);
            if (r != null && Outcome.DO_NOT_CONTACT.name().equals(r.outcome())) {
                return "mappings/dialers/" + file.dialer() + ".yaml at refine." + refinement.getKey();
            }
        }
        if (tenantLabels != null && tenantLabels.entrySet().stream()
                .anyMatch(e -> LabelNormalForm.same(e.getKey(), label) && Outcome.DO_NOT_CONTACT.name().equals(e.getValue()))) {
            return "the tenant's configured labels";
        }
        return null;
    }
}
