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
 * @param list             the dialing list, cadence or sequence the call was made from, where the dialer sends one
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
        String list,
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
        return toBuilder().prospect(prospect.withCrmIds(ids)).build();
    }

    /** The same call with only these of the dialer's CRM ids, saying why the others went. */
    public CanonicalDisposition withProspectCrmIds(Map<String, String> ids, List<Warning> why) {
        return toBuilder().prospect(prospect.withCrmIds(ids)).warn(why).build();
    }

    /** The same call with its free text bounded ({@link TextLimits}), saying what was cut. */
    CanonicalDisposition withFreeText(String notes, String campaign, String list, String sentiment, String recordingUrl, Agent agent,
                                      Prospect prospect, Map<String, String> vendorLabels, List<Warning> why) {
        return toBuilder().notes(notes).campaign(campaign).list(list).sentiment(sentiment).recordingUrl(recordingUrl).agent(agent)
                .prospect(prospect).vendorLabels(vendorLabels).warn(why).build();
    }

    public CanonicalDisposition withVendorEventId(String id) {
        return toBuilder().vendorEventId(id).build();
    }

    /** The same call ordered by another time (the receipt time, when the vendor's cannot be trusted), saying why. */
    public CanonicalDisposition withOccurredAt(Instant at, String source, Warning why) {
        return toBuilder().occurredAt(at, source).warn(List.of(why)).build();
    }

    /** A new event of this tenant's call through this dialer; every other fact is optional. */
    public static Builder builder(String tenant, String dialer, String callId) {
        return new Builder(tenant, dialer, callId);
    }

    public Builder toBuilder() {
        return new Builder(tenant, dialer, callId).vendorEventId(vendorEventId).occurredAt(occurredAt, occurredAtSource)
                .state(state).outcome(outcome).direction(direction).numbers(fromNumber, toNumber)
                .durations(durationSeconds, talkTimeSeconds).agent(agent).prospect(prospect).sentiment(sentiment).notes(notes)
                .recordingUrl(recordingUrl).callbackAt(callbackAt).campaign(campaign).list(list).vendorLabels(vendorLabels).warnings(warnings);
    }

    /** Names each fact as it is set, where the record's constructor takes 22 in a row. */
    public static final class Builder {
        private final String tenant;
        private final String dialer;
        private final String callId;
        private String vendorEventId;
        private Instant occurredAt;
        private String occurredAtSource;
        private CallState state;
        private Outcome outcome;
        private Direction direction;
        private String fromNumber;
        private String toNumber;
        private Integer durationSeconds;
        private Integer talkTimeSeconds;
        private Agent agent;
        private Prospect prospect;
        private String sentiment;
        private String notes;
        private String recordingUrl;
        private Instant callbackAt;
        private String campaign;
        private String list;
        private Map<String, String> vendorLabels;
        private final List<Warning> warnings = new ArrayList<>();

        private Builder(String tenant, String dialer, String callId) {
            this.tenant = tenant;
            this.dialer = dialer;
            this.callId = callId;
        }

        public Builder vendorEventId(String id) {
            this.vendorEventId = id;
            return this;
        }

        /** @param source "vendor" or "receipt" (see {@link CanonicalDisposition}) */
        public Builder occurredAt(Instant at, String source) {
            this.occurredAt = at;
            this.occurredAtSource = source;
            return this;
        }

        public Builder state(CallState state) {
            this.state = state;
            return this;
        }

        public Builder outcome(Outcome outcome) {
            this.outcome = outcome;
            return this;
        }

        public Builder direction(Direction direction) {
            this.direction = direction;
            return this;
        }

        public Builder numbers(String from, String to) {
            this.fromNumber = from;
            this.toNumber = to;
            return this;
        }

        public Builder durations(Integer durationSeconds, Integer talkTimeSeconds) {
            this.durationSeconds = durationSeconds;
            this.talkTimeSeconds = talkTimeSeconds;
            return this;
        }

        public Builder agent(Agent agent) {
            this.agent = agent;
            return this;
        }

        public Builder prospect(Prospect prospect) {
            this.prospect = prospect;
            return this;
        }

        public Builder sentiment(String sentiment) {
            this.sentiment = sentiment;
            return this;
        }

        public Builder notes(String notes) {
            this.notes = notes;
            return this;
        }

        public Builder recordingUrl(String url) {
            this.recordingUrl = url;
            return this;
        }

        public Builder callbackAt(Instant at) {
            this.callbackAt = at;
            return this;
        }

        public Builder list(String list) {
            this.list = list;
            return this;
        }

        public Builder campaign(String campaign) {
            this.campaign = campaign;
            return this;
        }

        public Builder vendorLabels(Map<String, String> labels) {
            this.vendorLabels = labels;
            return this;
        }

        /** Replaces the warnings so far. */
        public Builder warnings(List<Warning> warnings) {
            this.warnings.clear();
            return warn(warnings);
        }

        /** Adds to the warnings so far. */
        public Builder warn(List<Warning> more) {
            if (more != null) {
                this.warnings.addAll(more);
            }
            return this;
        }

        public CanonicalDisposition build() {
            return new CanonicalDisposition(tenant, dialer, callId, vendorEventId, occurredAt, occurredAtSource, state, outcome,
                    direction, fromNumber, toNumber, durationSeconds, talkTimeSeconds, agent, prospect, sentiment, notes,
                    recordingUrl, callbackAt, campaign, list, vendorLabels, warnings);
        }
    }

    public record Agent(String id, String email) {
        public static final Agent NONE = new Agent(null, null);
    }

    /**
     * Who was called: CRM ids the dialer already knows (keyed by CRM id, e.g. "salesforce"), e-mail, phone, and the
     * name and company where the dialer sends them (what a person created for an unknown caller is given).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Prospect(Map<String, String> crmIds, String email, String phone, String name, String company) {
        public static final Prospect NONE = new Prospect(Map.of(), null, null);

        public Prospect {
            crmIds = crmIds == null ? Map.of() : Map.copyOf(crmIds);
            name = name == null || name.isBlank() ? null : name.strip();
            company = company == null || company.isBlank() ? null : company.strip();
        }

        public Prospect(Map<String, String> crmIds, String email, String phone) {
            this(crmIds, email, phone, null, null);
        }

        Prospect withCrmIds(Map<String, String> ids) {
            return new Prospect(ids, email, phone, name, company);
        }
    }
}
