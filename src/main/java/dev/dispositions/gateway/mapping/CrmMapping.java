package dev.dispositions.gateway.mapping;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code mappings/crms/<crm>.yaml}: how a canonical disposition becomes the CRM's own call activity.
 *
 * @param outcomes every outcome's value in this CRM (Salesforce {@code CallDisposition} text, for one)
 * @param ignore   outcomes that write no activity, each with the reason shown on the event
 * @param newPeople the fields of a person the gateway creates for an unknown caller, per CRM object (a Salesforce
 *                  Lead or Contact, a HubSpot contact, a Bullhorn Candidate or ClientContact), when the tenant's
 *                  {@code unknown-person} policy creates people; {@code default} stands in for what the dialer did not send
 */
public record CrmMapping(
        String crm,
        String description,
        Map<String, String> outcomes,
        Map<String, String> ignore,
        Activity activity,
        Map<String, ActionSpec> actions,
        List<Example> examples,
        Map<String, Map<String, FieldSpec>> newPeople) {

    public CrmMapping {
        newPeople = newPeople == null ? Map.of() : new LinkedHashMap<>(newPeople);
        examples = examples == null ? List.of() : List.copyOf(examples);
        actions = actions == null ? Map.of() : new LinkedHashMap<>(actions);
        outcomes = outcomes == null ? Map.of() : new LinkedHashMap<>(outcomes);
        ignore = ignore == null ? Map.of() : new LinkedHashMap<>(ignore);
    }

    /**
     * A canonical event (only the facts that matter; the rest default) and fields its activity must have;
     * {@code expect: {skip: true}} for an ignored outcome.
     */
    public record Example(String name, Map<String, Object> event, Map<String, Object> expect) {
    }

    /**
     * An outcome action (README.md#outcome-actions), its own delivery beside the activity.
     *
     * @param when        the outcomes it runs for
     * @param target      {@code new}: create {@code object}, linked to the person; {@code person}: update the person
     * @param personTypes for {@code person}: only these kinds of person (e.g. Lead), others skip it with the reason
     */
    public record ActionSpec(List<String> when, String target, String object, List<String> personTypes,
                             Map<String, FieldSpec> fields) {
        public ActionSpec {
            when = when == null ? List.of() : List.copyOf(when);
            personTypes = personTypes == null ? List.of() : List.copyOf(personTypes);
            fields = fields == null ? Map.of() : new LinkedHashMap<>(fields);
        }

        public boolean createsRecord() {
            return "new".equals(target);
        }
    }

    /** The actions this outcome calls for in this CRM, by name. */
    public List<String> actionsFor(String outcome) {
        return actions.entrySet().stream().filter(e -> e.getValue().when().contains(outcome)).map(Map.Entry::getKey).toList();
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
     * refuses updates to {@code TaskSubtype}). {@code default} (a template) stands in when the value is empty, e.g.
     * a new Lead's required LastName when the dialer sent no name.
     */
    public record FieldSpec(
            Object value,
            String from,
            String template,
            Map<String, Object> values,
            String transform,
            Integer maxLength,
            boolean createOnly,
            @com.fasterxml.jackson.annotation.JsonProperty("default") String orElse) {

        public FieldSpec(Object value, String from, String template, Map<String, Object> values, String transform, Integer maxLength,
                         boolean createOnly) {
            this(value, from, template, values, transform, maxLength, createOnly, null);
        }
    }
}
