package dev.dispositions.gateway.dialer.generic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.dispositions.gateway.canonical.CallState;
import dev.dispositions.gateway.canonical.CanonicalDisposition;
import dev.dispositions.gateway.canonical.Direction;
import dev.dispositions.gateway.canonical.Outcome;
import dev.dispositions.gateway.canonical.Warning;
import dev.dispositions.gateway.config.GatewayProperties.DialerSettings;
import dev.dispositions.gateway.dialer.DialerAdapter;
import dev.dispositions.gateway.dialer.InboundWebhook;
import dev.dispositions.gateway.dialer.Labels;
import dev.dispositions.gateway.dialer.Normalized;
import dev.dispositions.gateway.dialer.StandardWebhooks;
import dev.dispositions.gateway.dialer.VendorTime;
import dev.dispositions.gateway.dialer.WebhookRejected;
import dev.dispositions.gateway.mapping.DialerMapping;
import dev.dispositions.gateway.mapping.LabelNormalForm;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Our own documented format for dialers without an adapter: JSON carrying the canonical fields, signed per
 * Standard Webhooks. The {@code webhook-id} header is the delivery id, so a resend is recognised.
 */
@Component
public class GenericAdapter implements DialerAdapter {
    static final String ENDED = "call.ended";
    static final String UPDATED = "call.updated";
    static final String PROGRESS = "call.progress";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final Clock clock;

    public GenericAdapter(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String id() {
        return "generic";
    }

    @Override
    public boolean accepts(String mediaType) {
        return "application/json".equals(mediaType);
    }

    @Override
    public void verify(InboundWebhook webhook, DialerSettings settings) {
        StandardWebhooks.verify(webhook, settings.secret().reveal(), clock.instant());
    }

    @Override
    public Normalized normalize(InboundWebhook webhook, DialerMapping mapping, DialerSettings settings) {
        GenericCallEvent in = parse(webhook);
        if (in.type() == null) {
            throw WebhookRejected.unprocessable("missing_field", "$.type",
                    "say what happened: " + ENDED + ", " + UPDATED + " or " + PROGRESS);
        }
        CallState state = switch (LabelNormalForm.of(in.type())) {
            case ENDED, UPDATED -> CallState.COMPLETED;
            case PROGRESS -> CallState.IN_PROGRESS;
            default -> null;
        };
        if (state == null) {
            return new Normalized.Ignored("'" + in.type() + "' is not a call event this gateway records");
        }
        Outcome outcome = null;
        List<Warning> warnings = new ArrayList<>();
        Map<String, String> labels = new LinkedHashMap<>(in.labels() == null ? Map.of() : in.labels());
        if (state == CallState.COMPLETED) {
            if (in.outcome() == null) {
                throw WebhookRejected.unprocessable("missing_field", "$.outcome", "a " + in.type() + " event needs an outcome");
            }
            labels.put("outcome", in.outcome());
            outcome = Labels.outcome(mapping, in.outcome(), in.durationSeconds(), "$.outcome", labels, warnings);
            labels.remove("label"); // the generic format's label is its outcome field, kept as such
        }
        VendorTime occurredAt = VendorTime.of(in.occurredAt(), instantOrNull(in.occurredAt()), webhook.receivedAt(), "$.occurredAt",
                warnings);
        var event = CanonicalDisposition.builder(webhook.tenant(), id(), in.callId())
                .vendorEventId(webhook.header(StandardWebhooks.ID)).occurredAt(occurredAt.at(), occurredAt.source())
                .state(state).outcome(outcome).direction(direction(in.direction())).numbers(in.from(), in.to())
                .durations(in.durationSeconds(), in.talkTimeSeconds())
                .agent(in.agent() == null ? null : new CanonicalDisposition.Agent(in.agent().id(), in.agent().email()))
                .prospect(in.prospect() == null ? null
                        : new CanonicalDisposition.Prospect(in.prospect().crmIds(), in.prospect().email(), in.prospect().phone(),
                        in.prospect().name(), in.prospect().company()))
                .sentiment(in.sentiment()).notes(in.notes()).recordingUrl(in.recordingUrl()).callbackAt(callbackAt(in.callbackAt()))
                .campaign(in.campaign()).list(in.list()).vendorLabels(labels).warnings(warnings).build();
        return Normalized.Calls.validated(event, webhook.header(StandardWebhooks.ID), "$.", StandardWebhooks.ID);
    }

    private static GenericCallEvent parse(InboundWebhook webhook) {
        try {
            GenericCallEvent in = JSON.readValue(webhook.body(), GenericCallEvent.class);
            if (in == null) {
                throw WebhookRejected.malformed(null, "the body is empty; send a JSON object");
            }
            return in;
        } catch (JsonMappingException e) {
            if (e.getPath().isEmpty()) {
                throw WebhookRejected.malformed(null, "the body must be a JSON object");
            }
            String field = "$." + e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            throw WebhookRejected.unprocessable("invalid_value", field, "this field has the wrong type");
        } catch (JsonProcessingException e) {
            // Limits (nesting depth, string length) come without a location.
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")";
            throw WebhookRejected.malformed(null, "the body is not valid JSON or is beyond the parser's limits" + where);
        } catch (java.io.IOException e) {
            throw WebhookRejected.malformed(null, "the body could not be read");
        }
    }

    private static Direction direction(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Direction.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw WebhookRejected.unprocessable("invalid_value", "$.direction", "must be INBOUND or OUTBOUND");
        }
    }

    private static Instant instantOrNull(String value) {
        try {
            return value == null ? null : Instant.parse(value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Instant callbackAt(String value) {
        if (value == null) {
            return null;
        }
        Instant at = instantOrNull(value);
        if (at == null) {
            throw WebhookRejected.unprocessable("invalid_value", "$.callbackAt", "must be an ISO-8601 instant such as 2026-11-24T15:00:00Z");
        }
        return at;
    }
}
