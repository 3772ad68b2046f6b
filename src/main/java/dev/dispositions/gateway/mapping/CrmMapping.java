package dev.dispositions.gateway.mapping;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code mappings/crms/<crm>.yaml}: how a canonical disposition becomes the CRM's own call activity.
 *
 * @param outcomes every outcome's value in this CRM (Salesforce {@code CallDisposition} text, for one)
 * @param ignore   outcomes that write no activity, each with the reason shown on the event
 */
public record CrmMapping(
        String crm,
        String description,
        Map<String, String> outcomes,
        Map<String, String> ignore,
        Activity activity,
        List<Example> examples) {

    public CrmMapping {
        examples = examples == null ? List.of() : List.copyOf(examples);
        outcomes = outcomes == null ? Map.of() : new LinkedHashMap<>(outcomes);
        ignore = ignore == null ? Map.of() : new LinkedHashMap<>(ignore);
    }

    /**
     * A canonical event (only the facts that matter; the rest default) and fields its activity must have;
     * {@code expect: {skip: true}} for an ignored outcome.
     */
    public record Example(String name, Map<String, Object> event, Map<String, Object> expect) {
    }

    /** The CRM object written for a call and its fields, in the order they are sent. */
    public record Activity(String object, Map<String, FieldSpec> fields) {
        public Activity {
            fields = fields == null ? Map.of() : new LinkedHashMap<>(fields);
        }
    }

    /**
     * One target field. Exactly one of {@code value} (a constant), {@code from} (a canonical field) or
     * {@code template} (text with {@code {field}} placeholders); then optionally a {@code values} lookup table,
     * a {@code transform} and a {@code maxLength} (longer text is cut, as the CRM would refuse it).
     * {@code createOnly: true} leaves the field out when a later event of the call updates the record (Salesforce
     * refuses updates to {@code TaskSubtype}).
     */
    public record FieldSpec(
            Object value,
            String from,
            String template,
            Map<String, Object> values,
            String transform,
            Integer maxLength,
            boolean createOnly) {
    }
}
