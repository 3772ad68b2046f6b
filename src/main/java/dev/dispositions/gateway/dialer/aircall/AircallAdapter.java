package dev.dispositions.gateway.dialer.aircall;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dispositions.gateway.canonical.CallState;
import dev.dispositions.gateway.canonical.CanonicalDisposition;
import dev.dispositions.gateway.canonical.CanonicalValidator;
import dev.dispositions.gateway.canonical.Direction;
import dev.dispositions.gateway.canonical.PhoneNumbers;
import dev.dispositions.gateway.canonical.Warning;
import dev.dispositions.gateway.config.GatewayProperties.DialerSettings;
import dev.dispositions.gateway.dialer.DialerAdapter;
import dev.dispositions.gateway.dialer.InboundWebhook;
import dev.dispositions.gateway.dialer.Labels;
import dev.dispositions.gateway.dialer.Normalized;
import dev.dispositions.gateway.dialer.VendorTime;
import dev.dispositions.gateway.dialer.WebhookRejected;
import dev.dispositions.gateway.mapping.DialerMapping;
import dev.dispositions.gateway.mapping.LabelNormalForm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Aircall call webhooks (docs/sources.md#aircall): an envelope {@code resource/event/timestamp/token/data}
 * with no signature; the webhook's {@code token} travels in the body. Agents' tags are the dispositions; an untagged
 * call's label is derived from what happened ({@code answered}, {@code not_answered}, {@code missed:<reason>}),
 * and every label goes through {@code mappings/dialers/aircall.yaml}. {@code call.tagged} and {@code call.commented}
 * after {@code call.ended} update the same call. Aircall sends no event id: the body hash keys redeliveries.
 */
@Component
public class AircallAdapter implements DialerAdapter {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Events that carry a finished call (an update of it, for tags and comments). */
    private static final Set<String> FINISHED = Set.of("call.ended", "call.tagged", "call.untagged", "call.commented");
    /** Events while the call is going on, kept on its timeline. */
    private static final Set<String> LIVE = Set.of("call.created", "call.ringing_on_agent", "call.agent_declined", "call.answered",
            "call.transferred", "call.external_transferred", "call.unsuccessful_transfer", "call.hungup", "call.hold",
            "call.unhold", "call.ivr_option_selected", "call.voicemail_left", "call.assigned");

    @Override
    public String id() {
        return "aircall";
    }

    @Override
    public boolean accepts(String mediaType) {
        return "application/json".equals(mediaType);
    }

    @Override
    public void verify(InboundWebhook webhook, DialerSettings settings) {
        JsonNode token = readOrNull(webhook).path("token");
        if (!token.isTextual() || token.asText().isEmpty()) {
            throw WebhookRejected.unauthorized("signature_missing", "$.token", "Aircall webhooks carry their token in the body");
        }
        if (!MessageDigest.isEqual(settings.secret().reveal().getBytes(StandardCharsets.UTF_8),
                token.asText().getBytes(StandardCharsets.UTF_8))) {
            throw WebhookRejected.unauthorized("signature_invalid", "$.token", "the token is not this webhook's");
        }
    }

    @Override
    public Normalized normalize(InboundWebhook webhook, DialerMapping mapping, DialerSettings settings) {
        JsonNode root = readOrNull(webhook);
        if (root.isMissingNode()) {
            throw WebhookRejected.malformed(null, "the body is not a JSON object");
        }
        String event = text(root.path("event")) == null ? null : LabelNormalForm.of(text(root.path("event")));
        if (!"call".equals(LabelNormalForm.of(text(root.path("resource")))) || event == null
                || (!FINISHED.contains(event) && !LIVE.contains(event))) {
            return new Normalized.Ignored("'" + event + "' is not a call event the gateway records");
        }
        JsonNode call = root.path("data");
        String callId = text(call.path("id"));
        if (callId == null) {
            throw WebhookRejected.unprocessable("missing_field", "$.data.id", "every call event names its call");
        }
        Direction direction = "inbound".equals(text(call.path("direction"))) ? Direction.INBOUND
                : "outbound".equals(text(call.path("direction"))) ? Direction.OUTBOUND : null;
        List<String> tags = new ArrayList<>();
        call.path("tags").forEach(t -> {
            if (text(t.path("name")) != null) {
                tags.add(text(t.path("name")));
            }
        });
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("event", event);
        putIfPresent(labels, "status", text(call.path("status")));
        putIfPresent(labels, "missedCallReason", text(call.path("missed_call_reason")));
        putIfPresent(labels, "hangupCause", text(call.path("hangup_cause")));
        if (!tags.isEmpty()) {
            labels.put("tags", String.join(", ", tags));
        }

        CallState state = FINISHED.contains(event) ? CallState.COMPLETED : CallState.IN_PROGRESS;
        dev.dispositions.gateway.canonical.Outcome outcome = null;
        List<Warning> warnings = new ArrayList<>();
        Integer duration = integer(call.path("duration"));
        if (state == CallState.COMPLETED) {
            outcome = Labels.outcomeOf(mapping, candidates(call, tags, direction), duration, "$.data.tags", labels, warnings);
        }
        String region = settings.defaultRegion();
        String external = PhoneNumbers.toE164(text(call.path("raw_digits")), region);
        String line = PhoneNumbers.toE164(text(call.path("number").path("digits")), region);
        Long answeredAt = longOrNull(call.path("answered_at"));
        Long endedAt = longOrNull(call.path("ended_at"));
        Instant vendorTime = VendorTime.epochSeconds(longOrNull(root.path("timestamp")));
        boolean stamped = text(root.path("timestamp")) != null;
        VendorTime occurredAt = VendorTime.of(stamped ? text(root.path("timestamp")) : text(call.path("ended_at")),
                vendorTime != null ? vendorTime : VendorTime.epochSeconds(endedAt), webhook.receivedAt(),
                stamped ? "$.timestamp" : "$.data.ended_at", warnings);
        List<String> comments = new ArrayList<>();
        call.path("comments").forEach(c -> {
            if (text(c.path("content")) != null) {
                comments.add(text(c.path("content")));
            }
        });
        var disposition = CanonicalDisposition.builder(webhook.tenant(), id(), callId)
                .occurredAt(occurredAt.at(), occurredAt.source()).state(state).outcome(outcome).direction(direction)
                .numbers(direction == Direction.INBOUND ? external : line, direction == Direction.INBOUND ? line : external)
                .durations(duration, talkTime(answeredAt, endedAt))
                .agent(new CanonicalDisposition.Agent(text(call.path("user").path("id")), email(text(call.path("user").path("email")))))
                .prospect(new CanonicalDisposition.Prospect(Map.of(),
                        email(text(call.path("contact").path("emails").path(0).path("value"))), external, contactName(call.path("contact")),
                        text(call.path("contact").path("company_name"))))
                .notes(comments.isEmpty() ? null : String.join("\n\n", comments))
                // The asset link is stable; recording/voicemail URLs are presigned and expire within minutes.
                .recordingUrl(firstText(call.path("asset"), call.path("recording"), call.path("voicemail")))
                .vendorLabels(labels).warnings(warnings).build();
        return Normalized.Calls.validated(disposition, null, "");
    }

    /** Aircall's contact: first and last name, either may be missing. */
    private static String contactName(JsonNode contact) {
        return (contact.path("first_name").asText("") + " " + contact.path("last_name").asText("")).strip();
    }

    /** The tags, latest first, then what happened on the call: the mapping picks the one that decides. */
    private static List<String> candidates(JsonNode call, List<String> tags, Direction direction) {
        List<String> candidates = new ArrayList<>(tags);
        java.util.Collections.reverse(candidates);
        String missed = text(call.path("missed_call_reason"));
        if (missed != null) {
            candidates.add("missed:" + missed);
        } else if (text(call.path("answered_at")) != null) {
            candidates.add("answered");
        } else {
            candidates.add(direction == Direction.INBOUND ? "missed" : "not_answered");
        }
        return candidates;
    }

    /** Seconds from answer to end, when both are there and make sense (an optional fact: never a reason to refuse). */
    private static Integer talkTime(Long answeredAt, Long endedAt) {
        if (answeredAt == null || endedAt == null || endedAt < answeredAt || endedAt - answeredAt > Integer.MAX_VALUE
                || endedAt - answeredAt < 0) {
            return null;
        }
        return (int) (endedAt - answeredAt);
    }

    private static JsonNode readOrNull(InboundWebhook webhook) {
        try {
            JsonNode node = JSON.readTree(webhook.body());
            return node != null && node.isObject() ? node : com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        } catch (IOException e) {
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode() || n.isContainerNode() || n.asText().isBlank() ? null : n.asText();
    }

    private static String firstText(JsonNode... nodes) {
        for (JsonNode n : nodes) {
            if (text(n) != null) {
                return text(n);
            }
        }
        return null;
    }

    private static Integer integer(JsonNode n) {
        return n.canConvertToInt() && n.isNumber() && n.asInt() >= 0 ? n.asInt() : null;
    }

    private static Long longOrNull(JsonNode n) {
        return n.isNumber() && n.canConvertToLong() ? n.asLong() : null;
    }

    private static String email(String v) {
        return CanonicalValidator.isEmail(v) ? v : null;
    }

    private static void putIfPresent(Map<String, String> m, String k, String v) {
        if (v != null) {
            m.put(k, v);
        }
    }
}
