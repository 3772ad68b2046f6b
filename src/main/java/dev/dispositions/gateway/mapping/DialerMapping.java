package dev.dispositions.gateway.mapping;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.dispositions.gateway.canonical.Outcome;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code mappings/dialers/<dialer>.yaml}: how a dialer's own words become canonical outcomes.
 *
 * @param acceptCanonicalNames a label equal to an {@link Outcome} name maps to that outcome (the generic dialer)
 * @param liveStates           labels that mean the call is still going: kept on the timeline, never sent to a CRM
 * @param labels               vendor label → outcome, or a rule that picks the outcome by call duration
 * @param unknownLabel         what a label missing from {@code labels} becomes: a fallback outcome, or a rejection
 */
public record DialerMapping(
        String dialer,
        String description,
        boolean acceptCanonicalNames,
        List<String> liveStates,
        Map<String, LabelRule> labels,
        UnknownLabel unknownLabel,
        Request request,
        Fields fields,
        List<Example> examples) {

    /** Vendor-label key under which an event records the label that fell back to {@code unknownLabel.fallback}. */
    public static final String FALLBACK_FOR = "fallbackFor";

    public DialerMapping {
        examples = examples == null ? List.of() : List.copyOf(examples);
        liveStates = liveStates == null ? List.of() : List.copyOf(liveStates);
        labels = labels == null ? Map.of() : new LinkedHashMap<>(labels);
    }

    /** What a label resolves to. Exactly one of the fields is set. */
    public record Resolution(Outcome outcome, boolean live, String rejectReason, boolean fallbackUsed) {
    }

    /** Whether this label is in the table, a live state, or a canonical name this file accepts. */
    public boolean knows(String label) {
        return labels.containsKey(label) || liveStates.contains(label) || (acceptCanonicalNames && Outcome.byName(label) != null);
    }

    public Resolution resolve(String label, Integer durationSeconds) {
        if (label != null && liveStates.contains(label)) {
            return new Resolution(null, true, null, false);
        }
        LabelRule rule = label == null ? null : labels.get(label);
        if (rule != null) {
            return new Resolution(rule.pick(durationSeconds), false, null, false);
        }
        if (acceptCanonicalNames && Outcome.byName(label) != null) {
            return new Resolution(Outcome.byName(label), false, null, false);
        }
        if (unknownLabel != null && unknownLabel.fallback() != null) {
            return new Resolution(Outcome.valueOf(unknownLabel.fallback()), false, null, true);
        }
        String why = unknownLabel == null || unknownLabel.reject() == null
                ? "the label is not in mappings/dialers/" + dialer + ".yaml" : unknownLabel.reject();
        return new Resolution(null, false, why, false);
    }

    /**
     * An outcome, written as a plain string, or a duration rule
     * {@code {byDuration: {atLeastSeconds: 1, then: CONNECTED, otherwise: NO_ANSWER}}} (Calliyo's rule: a call
     * with talk time is connected).
     */
    public record LabelRule(String outcome, ByDuration byDuration) {
        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        public static LabelRule of(String outcome) {
            return new LabelRule(outcome, null);
        }

        @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
        public static LabelRule rule(@JsonProperty("byDuration") ByDuration byDuration) {
            return new LabelRule(null, byDuration);
        }

        Outcome pick(Integer durationSeconds) {
            if (outcome != null) {
                return Outcome.valueOf(outcome);
            }
            boolean longEnough = durationSeconds != null && durationSeconds >= byDuration.atLeastSeconds();
            return Outcome.valueOf(longEnough ? byDuration.then() : byDuration.otherwise());
        }
    }

    public record ByDuration(int atLeastSeconds, String then, String otherwise) {
    }

    /** A label and the outcome it must give ({@code LIVE} for a live state): the file documents and tests itself. */
    public record Example(String label, Integer durationSeconds, String expect) {
    }

    /** Exactly one of: {@code fallback: <OUTCOME>} or {@code reject: "<reason shown to the dialer>"}. */
    public record UnknownLabel(String fallback, String reject) {
    }

    /** The same table with a tenant's own labels laid over it (customer-defined dispositions, tags, ids). */
    public DialerMapping withLabels(Map<String, LabelRule> overrides) {
        if (overrides == null || overrides.isEmpty()) {
            return this;
        }
        Map<String, LabelRule> merged = new LinkedHashMap<>(labels);
        merged.putAll(overrides);
        return new DialerMapping(dialer, description, acceptCanonicalNames, liveStates, merged, unknownLabel, request, fields,
                examples);
    }

    /** Whether this file alone defines the dialer (no Java adapter): it says how requests look and where facts are. */
    public boolean isDeclarative() {
        return request != null;
    }

    // ---- declarative dialers ----

    /**
     * How the dialer's requests look.
     *
     * @param contentType {@code application/json} (default) or {@code application/x-www-form-urlencoded}
     * @param eventType   where the event's type is (a header or a JSON path); absent: every request is a call event
     * @param events      event type → {@code final} (a finished call), {@code live} (still going) or {@code ignore}
     * @param eventId     where the vendor's delivery id is; several paths are joined with ':'; absent: the body hash
     */
    public record Request(
            String contentType,
            Signature signature,
            Locator eventType,
            Map<String, String> events,
            List<Locator> eventId) {
        public Request {
            events = events == null ? Map.of() : new LinkedHashMap<>(events);
            eventId = eventId == null ? List.of() : List.copyOf(eventId);
        }

        public String contentTypeOrDefault() {
            return contentType == null ? "application/json" : contentType;
        }
    }

    /**
     * A signature scheme from the catalogue, keyed by the tenant's dialer secret:
     * <ul>
     * <li>{@code hmac}: {@code header} holds the HMAC ({@code algorithm} sha1/sha256/sha512, {@code encoding}
     * hex/base64, optional {@code prefix} such as {@code sha256=}) of the raw body;</li>
     * <li>{@code standard-webhooks}: webhook-id/-timestamp/-signature, {@code toleranceSeconds} (default 300);</li>
     * <li>{@code token}: the secret itself, in {@code header} or at {@code path} in the body;</li>
     * <li>{@code jwt}: the body is a compact JWS ({@code algorithm} HS256/HS384/HS512) whose claims are the payload.</li>
     * </ul>
     */
    public record Signature(String scheme, String header, String path, String algorithm, String encoding, String prefix,
                            Integer toleranceSeconds) {
    }

    /** Where one value is: a request header, or a JSON path into the payload. */
    public record Locator(String header, String path) {
        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        public static Locator ofPath(String path) {
            return new Locator(null, path);
        }

        @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
        public static Locator of(@JsonProperty("header") String header, @JsonProperty("path") String path) {
            return new Locator(header, path);
        }
    }

    /**
     * Where each canonical fact is in the payload. A field is a JSON path, or an object with {@code path} (or
     * {@code paths}: the first that has a value), {@code format} for times (iso, epoch-seconds, epoch-millis),
     * {@code unit} for durations (seconds, milliseconds, minutes), {@code values} to translate (direction).
     */
    public record Fields(
            Field callId,
            Field occurredAt,
            Field label,
            Field durationSeconds,
            Field talkTimeSeconds,
            Field direction,
            Field from,
            Field to,
            Field agentId,
            Field agentEmail,
            Map<String, Field> prospectCrmIds,
            Field prospectEmail,
            Field prospectPhone,
            Field sentiment,
            Field notes,
            Field recordingUrl,
            Field callbackAt,
            Field campaign,
            Map<String, Field> vendorLabels) {
        public Fields {
            prospectCrmIds = prospectCrmIds == null ? Map.of() : new LinkedHashMap<>(prospectCrmIds);
            vendorLabels = vendorLabels == null ? Map.of() : new LinkedHashMap<>(vendorLabels);
        }
    }

    public record Field(List<String> paths, String format, String unit, Map<String, String> values) {
        public Field {
            paths = paths == null ? List.of() : List.copyOf(paths);
        }

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        public static Field ofPath(String path) {
            return new Field(List.of(path), null, null, null);
        }

        @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
        public static Field of(@JsonProperty("path") String path, @JsonProperty("paths") List<String> paths,
                               @JsonProperty("format") String format, @JsonProperty("unit") String unit,
                               @JsonProperty("values") Map<String, String> values) {
            List<String> all = new java.util.ArrayList<>();
            if (path != null) {
                all.add(path);
            }
            if (paths != null) {
                all.addAll(paths);
            }
            return new Field(all, format, unit, values);
        }
    }
}
