package dev.dispositions.gateway.canonical;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One call event as the gateway understands it, whatever dialer sent it and whatever CRM receives it.
 * Immutable; adapters build it, {@link CanonicalValidator} checks it, mapping files render it.
 *
 * @param occurredAtSource "vendor" when {@code occurredAt} came from the payload, "receipt" when the vendor sent
 *                         none (or one we could not read) and the receipt time stands in for it
 * @param vendorLabels     the vendor's own words for this call (status, disposition, tag...), kept for audit
 * @param warnings         what the gateway decided about this event that a person should know (an unmapped label,
 *                         an inferred opt-out, an untrusted time...)
 */
public record CanonicalDisposition(
        String tenant,
        String dialer,
        String callId,
        String vendorEventId,
        Instant occurredAt,
        String occurredAtSource,
        CallState state,
        Outcome outcome,
        Direction direction,
        String fromNumber,
        String toNumber,
        Integer durationSeconds,
        Integer talkTimeSeconds,
        Agent agent,
        Prospect prospect,
        String sentiment,
        String notes,
        String recordingUrl,
        Instant callbackAt,
        String campaign,
        Map<String, String> vendorLabels,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Warning> warnings) {

    public CanonicalDisposition {
        vendorLabels = vendorLabels == null ? Map.of() : Map.copyOf(vendorLabels);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
        agent = agent == null ? Agent.NONE : agent;
        prospect = prospect == null ? Prospect.NONE : prospect;
    }

    @JsonIgnore
    public OutcomeCategory outcomeCategory() {
        return outcome == null ? null : outcome.category();
    }

    @JsonIgnore
    public boolean isTerminal() {
        return state == CallState.COMPLETED;
    }

    /** The same call with the prospect's id in one CRM known (found there by phone or e-mail). */
    public CanonicalDisposition withProspectCrmId(String crm, String id) {
        Map<String, String> ids = new java.util.HashMap<>(prospect.crmIds());
        ids.put(crm, id);
        return copy(vendorEventId, occurredAt, occurredAtSource, new Prospect(ids, prospect.email(), prospect.phone()), warnings);
    }

    /** The same call with only these of the dialer's CRM ids, saying why the others went. */
    public CanonicalDisposition withProspectCrmIds(Map<String, String> ids, List<Warning> why) {
        List<Warning> more = new ArrayList<>(warnings);
        more.addAll(why);
        return copy(vendorEventId, occurredAt, occurredAtSource, new Prospect(ids, prospect.email(), prospect.phone()), more);
    }

    /** The same call with its free text bounded ({@link TextLimits}), saying what was cut. */
    CanonicalDisposition withFreeText(String notes, String campaign, String sentiment, String recordingUrl, Agent agent,
                                      Map<String, String> vendorLabels, List<Warning> why) {
        List<Warning> more = new ArrayList<>(warnings);
        more.addAll(why);
        return new CanonicalDisposition(tenant, dialer, callId, vendorEventId, occurredAt, occurredAtSource, state, outcome,
                direction, fromNumber, toNumber, durationSeconds, talkTimeSeconds, agent, prospect, sentiment, notes,
                recordingUrl, callbackAt, campaign, vendorLabels, more);
    }

    public CanonicalDisposition withVendorEventId(String id) {
        return copy(id, occurredAt, occurredAtSource, prospect, warnings);
    }

    /** The same call ordered by another time (the receipt time, when the vendor's cannot be trusted), saying why. */
    public CanonicalDisposition withOccurredAt(Instant at, String source, Warning why) {
        List<Warning> more = new ArrayList<>(warnings);
        more.add(why);
        return copy(vendorEventId, at, source, prospect, more);
    }

    private CanonicalDisposition copy(String vendorEventId, Instant occurredAt, String occurredAtSource, Prospect prospect,
                                      List<Warning> warnings) {
        return new CanonicalDisposition(tenant, dialer, callId, vendorEventId, occurredAt, occurredAtSource, state, outcome,
                direction, fromNumber, toNumber, durationSeconds, talkTimeSeconds, agent, prospect, sentiment, notes,
                recordingUrl, callbackAt, campaign, vendorLabels, warnings);
    }

    public record Agent(String id, String email) {
        public static final Agent NONE = new Agent(null, null);
    }

    /** Who was called: CRM ids the dialer already knows (keyed by CRM id, e.g. "salesforce"), e-mail, phone. */
    public record Prospect(Map<String, String> crmIds, String email, String phone) {
        public static final Prospect NONE = new Prospect(Map.of(), null, null);

        public Prospect {
            crmIds = crmIds == null ? Map.of() : Map.copyOf(crmIds);
        }
    }
}
