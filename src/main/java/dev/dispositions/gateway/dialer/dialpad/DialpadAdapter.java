package dev.dispositions.gateway.dialer.dialpad;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dispositions.gateway.canonical.CallState;
import dev.dispositions.gateway.canonical.CanonicalDisposition;
import dev.dispositions.gateway.canonical.Direction;
import dev.dispositions.gateway.canonical.CanonicalValidator;
import dev.dispositions.gateway.canonical.Outcome;
import dev.dispositions.gateway.canonical.PhoneNumbers;
import dev.dispositions.gateway.canonical.Warning;
import dev.dispositions.gateway.config.GatewayProperties.DialerSettings;
import dev.dispositions.gateway.dialer.DialerAdapter;
import dev.dispositions.gateway.dialer.InboundWebhook;
import dev.dispositions.gateway.dialer.JwtBody;
import dev.dispositions.gateway.dialer.Labels;
import dev.dispositions.gateway.dialer.Normalized;
import dev.dispositions.gateway.dialer.VendorTime;
import dev.dispositions.gateway.dialer.WebhookRejected;
import dev.dispositions.gateway.mapping.DialerMapping;
import dev.dispositions.gateway.mapping.LabelNormalForm;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Dialpad call events (docs/sources.md#dialpad): the body is a JWT signed (HS256) with the
 * subscription's secret, its claims the Call object; one event per state. {@code hangup} and {@code dispositions}
 * finish the call; the label is the disposition when Dialpad sends one, else what happened ({@code connected},
 * {@code not_connected}, {@code missed}, {@code voicemail}). Durations are milliseconds. Dialpad sends no event id:
 * call id, state and event time identify one.
 */
@Component
public class DialpadAdapter implements DialerAdapter {
    private static final Set<String> FINISHED = Set.of("hangup", "dispositions", "missed", "voicemail");
    private static final Set<String> LIVE = Set.of("calling", "ringing", "connected", "preanswer", "queued", "hold", "merged",
            "parked", "blocked", "eavesdrop", "barge", "monitor", "takeover", "admin");

    @Override
    public String id() {
        return "dialpad";
    }

    /** Dialpad posts the JWT as the body; some setups label it application/json. */
    @Override
    public boolean accepts(String mediaType) {
        return "application/jwt".equals(mediaType) || "text/plain".equals(mediaType) || "application/json".equals(mediaType);
    }

    @Override
    public void verify(InboundWebhook webhook, DialerSettings settings) {
        JwtBody.verify(webhook, settings.secret().reveal());
    }

    @Override
    public Normalized normalize(InboundWebhook webhook, DialerMapping mapping, DialerSettings settings) {
        JsonNode call = JwtBody.claims(webhook);
        String state = text(call.path("state")) == null ? null : LabelNormalForm.of(text(call.path("state")));
        if (state == null || (!FINISHED.contains(state) && !LIVE.contains(state))) {
            return new Normalized.Ignored("call state '" + state + "' is not one the gateway records");
        }
        String callId = text(call.path("call_id"));
        if (callId == null) {
            throw WebhookRejected.unprocessable("missing_field", "call_id", "every call event names its call");
        }
        Direction direction = "inbound".equals(text(call.path("direction"))) ? Direction.INBOUND
                : "outbound".equals(text(call.path("direction"))) ? Direction.OUTBOUND : null;
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("state", state);
        Integer duration = millisToSeconds(call.path("duration"));
        Outcome outcome = null;
        List<Warning> warnings = new ArrayList<>();
        CallState callState = FINISHED.contains(state) ? CallState.COMPLETED : CallState.IN_PROGRESS;
        if (callState == CallState.COMPLETED) {
            outcome = Labels.outcomeOf(mapping, candidates(call, state, direction), duration, "disposition", labels, warnings);
        }
        String region = settings.defaultRegion();
        String external = PhoneNumbers.toE164(text(call.path("external_number")), region);
        String internal = PhoneNumbers.toE164(text(call.path("internal_number")), region);
        VendorTime at = VendorTime.of(text(call.path("event_timestamp")), epochMillis(call.path("event_timestamp")),
                webhook.receivedAt(), "event_timestamp", warnings);
        JsonNode contact = call.path("contact");
        JsonNode target = call.path("target");
        var event = CanonicalDisposition.builder(webhook.tenant(), id(), callId)
                .occurredAt(at.at(), at.source()).state(callState).outcome(outcome).direction(direction)
                .numbers(direction == Direction.INBOUND ? external : internal, direction == Direction.INBOUND ? internal : external)
                .durations(millisToSeconds(call.path("total_duration")), duration)
                .agent(new CanonicalDisposition.Agent("user".equals(text(target.path("type"))) ? text(target.path("id")) : null,
                        "user".equals(text(target.path("type"))) ? email(text(target.path("email"))) : null))
                .prospect(new CanonicalDisposition.Prospect(Map.of(), email(text(contact.path("email"))),
                        external != null ? external : PhoneNumbers.toE164(text(contact.path("phone")), region)))
                .notes(text(call.path("transcription_text"))).recordingUrl(text(call.path("recording_details").path(0).path("url")))
                .vendorLabels(labels).warnings(warnings).build();
        String eventTime = text(call.path("event_timestamp"));
        return Normalized.Calls.validated(event, eventTime == null ? null : callId + ":" + state + ":" + eventTime, "", "event_timestamp");
    }

    /** The dispositions an agent chose, then what happened on the call: the mapping picks the one that decides. */
    private static List<String> candidates(JsonNode call, String state, Direction direction) {
        List<String> candidates = new ArrayList<>();
        candidates.add(text(call.path("disposition")));
        candidates.add(text(call.path("call_disposition")));
        // Every disposition an agent set, the latest first: a do-not-call among them is never passed over.
        for (int i = call.path("dispositions").size() - 1; i >= 0; i--) {
            candidates.add(text(call.path("dispositions").path(i).path("name")));
        }
        if ("voicemail".equals(state) || "missed".equals(state)) {
            candidates.add(state);
        } else if (text(call.path("date_connected")) != null) {
            candidates.add("connected");
        } else {
            candidates.add(direction == Direction.INBOUND ? "missed" : "not_connected");
        }
        return candidates;
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode() || n.isContainerNode() || n.asText().isBlank() ? null : n.asText();
    }

    /** Dialpad writes numbers as strings in its examples ("1356998400000"); both forms are read. */
    private static Long number(JsonNode n) {
        if (n.isNumber()) {
            return n.asLong();
        }
        try {
            return text(n) == null ? null : Long.valueOf(text(n));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Integer millisToSeconds(JsonNode n) {
        Long ms = number(n);
        return ms == null || ms < 0 ? null : (int) Math.round(ms / 1000.0);
    }

    private static Instant epochMillis(JsonNode n) {
        Long ms = number(n);
        return ms == null ? null : Instant.ofEpochMilli(ms);
    }

    private static String email(String v) {
        return CanonicalValidator.isEmail(v) ? v : null;
    }
}
