package dev.dispositions.gateway.mapping;

import dev.dispositions.gateway.canonical.CanonicalDisposition;
import dev.dispositions.gateway.mapping.CrmMapping.FieldSpec;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders a canonical disposition into a CRM's native fields, as a CRM mapping file says. Pure: no I/O, so
 * what it produces for a payload can be previewed and tested without a CRM.
 */
public final class ActivityRenderer {

    /** The canonical fields a mapping file may read ({@code from:} and template placeholders). */
    private static final Map<String, BiFunction<CanonicalDisposition, CrmMapping, Object>> SOURCES = sources();

    /** The transforms a mapping file may name. */
    private static final Map<String, Function<Object, Object>> TRANSFORMS = Map.of(
            "date", v -> ((Instant) v).atOffset(ZoneOffset.UTC).toLocalDate().toString(),
            "datetime", v -> ((Instant) v).toString(),
            "epoch-millis", v -> ((Instant) v).toEpochMilli(),
            "seconds-to-millis", v -> ((Number) v).longValue() * 1000L,
            // A started minute counts: 61 s is 2 minutes spent, 0 s is 0.
            "seconds-to-minutes", v -> (((Number) v).longValue() + 59) / 60,
            "lowercase", v -> v.toString().toLowerCase(java.util.Locale.ROOT),
            "uppercase", v -> v.toString().toUpperCase(java.util.Locale.ROOT));

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-zA-Z.]+)}");

    private ActivityRenderer() {
    }

    /** What to send, or why nothing is sent. */
    public sealed interface Rendering permits Activity, Skip {
    }

    public record Activity(String object, Map<String, Object> fields) implements Rendering {
    }

    public record Skip(String reason) implements Rendering {
    }

    public static Rendering render(CanonicalDisposition event, CrmMapping mapping) {
        return render(event, mapping, false);
    }

    /** @param update the record exists already: fields marked {@code createOnly} are left out */
    public static Rendering render(CanonicalDisposition event, CrmMapping mapping, boolean update) {
        if (event.outcome() != null && mapping.ignore().containsKey(event.outcome().name())) {
            return new Skip(mapping.ignore().get(event.outcome().name()));
        }
        return new Activity(mapping.activity().object(), fields(event, mapping, mapping.activity().fields(), update));
    }

    /** An outcome action's fields; nothing to send (every field empty) is a skip with the reason. */
    public static Rendering renderAction(CanonicalDisposition event, CrmMapping mapping, String action) {
        CrmMapping.ActionSpec spec = mapping.actions().get(action);
        if (spec == null) {
            return new Skip("mappings/crms/" + mapping.crm() + ".yaml no longer declares the action '" + action + "'");
        }
        Map<String, Object> fields = fields(event, mapping, spec.fields(), false);
        if (fields.isEmpty()) {
            return new Skip("the action '" + action + "' has nothing to set for " + event.outcome());
        }
        return new Activity(spec.object(), fields);
    }

    /** A new person's fields, as the mapping's {@code newPeople} declares them for this object; empty when it declares none. */
    public static Map<String, Object> renderPerson(CanonicalDisposition event, CrmMapping mapping, String object) {
        return fields(event, mapping, mapping.newPeople().getOrDefault(object, Map.of()), false);
    }

    private static Map<String, Object> fields(CanonicalDisposition event, CrmMapping mapping, Map<String, FieldSpec> specs,
                                              boolean update) {
        Map<String, Object> fields = new LinkedHashMap<>();
        specs.forEach((name, spec) -> {
            if (update && spec.createOnly()) {
                return;
            }
            Object value = valueOf(spec, event, mapping);
            if (value != null) {
                fields.put(name, value);
            }
        });
        return fields;
    }

    private static Object valueOf(FieldSpec spec, CanonicalDisposition event, CrmMapping mapping) {
        Object value;
        if (spec.value() != null) {
            value = spec.value();
        } else if (spec.from() != null) {
            value = SOURCES.get(spec.from()).apply(event, mapping);
        } else {
            value = fillTemplate(spec.template(), event, mapping);
        }
        if (value != null && spec.values() != null) {
            value = spec.values().get(value.toString());
        }
        if (value != null && spec.transform() != null) {
            value = TRANSFORMS.get(spec.transform()).apply(value);
        }
        if ((value == null || value instanceof String t && t.isBlank()) && spec.orElse() != null) {
            value = fillTemplate(spec.orElse(), event, mapping);
        }
        if (value instanceof String s && spec.maxLength() != null && s.length() > spec.maxLength()) {
            value = s.substring(0, spec.maxLength());
        }
        return value;
    }

    private static String fillTemplate(String template, CanonicalDisposition event, CrmMapping mapping) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Object v = SOURCES.get(m.group(1)).apply(event, mapping);
            m.appendReplacement(out, Matcher.quoteReplacement(v == null ? "" : v.toString()));
        }
        m.appendTail(out);
        return out.toString().strip();
    }

    public static Set<String> sourceNames() {
        return SOURCES.keySet();
    }

    public static Set<String> transformNames() {
        return TRANSFORMS.keySet();
    }

    /** Placeholder names used in a template, for checking a file before it is used. */
    static Set<String> placeholders(String template) {
        Set<String> names = new java.util.TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static String annotatedNotes(CanonicalDisposition e) {
        List<String> notes = new ArrayList<>();
        String unmapped = DialerMapping.unmappedLabelOf(e.vendorLabels());
        if (unmapped != null) {
            notes.add("unmapped label '" + unmapped + "'");
        }
        String optOut = e.vendorLabels().get(DialerMapping.OPT_OUT_INFERRED_FROM);
        if (optOut != null) {
            notes.add(OptOutPhrases.treatedAsOptOut(optOut));
        }
        if (notes.isEmpty()) {
            return e.notes();
        }
        // First: a field's maxLength cuts long notes at their end, and this must survive it.
        String annotation = "[gateway: " + String.join("; ", notes) + "]";
        return e.notes() == null || e.notes().isBlank() ? annotation : annotation + "\n\n" + e.notes();
    }

    private static Map<String, BiFunction<CanonicalDisposition, CrmMapping, Object>> sources() {
        Map<String, BiFunction<CanonicalDisposition, CrmMapping, Object>> s = new LinkedHashMap<>();
        s.put("tenant", (e, m) -> e.tenant());
        s.put("dialer", (e, m) -> e.dialer());
        s.put("callId", (e, m) -> e.callId());
        s.put("vendorEventId", (e, m) -> e.vendorEventId());
        s.put("occurredAt", (e, m) -> e.occurredAt());
        s.put("outcome", (e, m) -> e.outcome() == null ? null : e.outcome().name());
        s.put("outcomeCategory", (e, m) -> e.outcomeCategory() == null ? null : e.outcomeCategory().name());
        // The CRM's own word for the outcome, from the file's `outcomes` table.
        s.put("disposition", (e, m) -> e.outcome() == null ? null : m.outcomes().get(e.outcome().name()));
        s.put("direction", (e, m) -> e.direction() == null ? null : e.direction().name());
        s.put("from", (e, m) -> e.fromNumber());
        s.put("to", (e, m) -> e.toNumber());
        s.put("durationSeconds", (e, m) -> e.durationSeconds());
        s.put("talkTimeSeconds", (e, m) -> e.talkTimeSeconds());
        s.put("agent.id", (e, m) -> e.agent().id());
        s.put("agent.email", (e, m) -> e.agent().email());
        // The prospect's id in *this* CRM, when the dialer knows it.
        s.put("prospect.crmId", (e, m) -> e.prospect().crmIds().get(m.crm()));
        s.put("prospect.email", (e, m) -> e.prospect().email());
        s.put("prospect.phone", (e, m) -> e.prospect().phone());
        s.put("prospect.name", (e, m) -> e.prospect().name());
        s.put("prospect.company", (e, m) -> e.prospect().company());
        // A name split at its last space: "Ada King Lovelace" is Ada King / Lovelace; one word is a last name.
        s.put("prospect.firstName", (e, m) -> e.prospect().name() == null || e.prospect().name().lastIndexOf(' ') < 0 ? null
                : e.prospect().name().substring(0, e.prospect().name().lastIndexOf(' ')).strip());
        s.put("prospect.lastName", (e, m) -> e.prospect().name() == null ? null
                : e.prospect().name().substring(e.prospect().name().lastIndexOf(' ') + 1));
        s.put("sentiment", (e, m) -> e.sentiment());
        s.put("notes", (e, m) -> e.notes());
        // The notes, then what the gateway decided about the outcome, so whoever reads the activity in the CRM knows.
        s.put("annotatedNotes", (e, m) -> annotatedNotes(e));
        s.put("recordingUrl", (e, m) -> e.recordingUrl());
        s.put("callbackAt", (e, m) -> e.callbackAt());
        // When to follow up: the time the prospect asked for, else a day after the call.
        s.put("followUpAt", (e, m) -> e.callbackAt() != null ? e.callbackAt() : e.occurredAt().plus(java.time.Duration.ofDays(1)));
        s.put("campaign", (e, m) -> e.campaign());
        s.put("list", (e, m) -> e.list());
        return Map.copyOf(s);
    }
}
