package dev.dispositions.gateway.dialer.twilio;

import dev.dispositions.gateway.canonical.CallState;
import dev.dispositions.gateway.canonical.CanonicalDisposition;
import dev.dispositions.gateway.canonical.CanonicalValidator;
import dev.dispositions.gateway.canonical.Direction;
import dev.dispositions.gateway.canonical.Warning;
import dev.dispositions.gateway.config.GatewayProperties.DialerSettings;
import dev.dispositions.gateway.dialer.DialerAdapter;
import dev.dispositions.gateway.dialer.FormBody;
import dev.dispositions.gateway.dialer.InboundWebhook;
import dev.dispositions.gateway.dialer.Labels;
import dev.dispositions.gateway.dialer.Normalized;
import dev.dispositions.gateway.dialer.VendorTime;
import dev.dispositions.gateway.dialer.WebhookRejected;
import dev.dispositions.gateway.mapping.DialerMapping;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Twilio Programmable Voice status callbacks (form-encoded). {@code CallStatus}, refined by {@code AnsweredBy}
 * on completed calls, is the label looked up in {@code mappings/dialers/twilio.yaml}: {@code completed:human},
 * {@code completed:machine_end_beep}, {@code busy}... Twilio sends no event id; {@code CallSid} plus
 * {@code SequenceNumber} identifies one callback, else the body hash does.
 */
@Component
public class TwilioAdapter implements DialerAdapter {
    static final String SIGNATURE_HEADER = "X-Twilio-Signature";
    private static final List<DateTimeFormatter> TWILIO_TIMES = List.of(
            DateTimeFormatter.ofPattern("d MMM yyyy HH:mm:ss Z", Locale.ENGLISH),
            DateTimeFormatter.ofPattern("d MMMM yyyy HH:mm:ss Z", Locale.ENGLISH));

    @Override
    public String id() {
        return "twilio";
    }

    /** Status callbacks are form-encoded; Twilio's JSON deliveries (Event Streams) are verified and then ignored. */
    @Override
    public boolean accepts(String mediaType) {
        return "application/x-www-form-urlencoded".equals(mediaType) || "application/json".equals(mediaType);
    }

    @Override
    public void verify(InboundWebhook webhook, DialerSettings settings) {
        String given = webhook.header(SIGNATURE_HEADER);
        if (given == null || given.isBlank()) {
            throw WebhookRejected.unauthorized("signature_missing", SIGNATURE_HEADER, "the " + SIGNATURE_HEADER + " header is required");
        }
        boolean json = "application/json".equals(webhook.contentType());
        boolean valid = json ? TwilioSignature.matchesJson(settings.secret().reveal(), webhook.url(), webhook.body(), given.trim())
                : TwilioSignature.matches(settings.secret().reveal(), webhook.url(), FormBody.parse(webhook.bodyText()), given.trim());
        if (!valid) {
            throw WebhookRejected.unauthorized("signature_invalid", SIGNATURE_HEADER,
                    "the signature does not match this URL, body and auth token; behind a proxy, set gateway.public-base-url to the URL Twilio calls");
        }
    }

    @Override
    public Normalized normalize(InboundWebhook webhook, DialerMapping mapping, DialerSettings settings) {
        if ("application/json".equals(webhook.contentType())) {
            return new Normalized.Ignored("Twilio JSON deliveries (Event Streams) are not read; point the call's "
                    + "statusCallback (form-encoded) at this URL");
        }
        Map<String, List<String>> params = FormBody.parse(webhook.bodyText());
        String status = lower(FormBody.first(params, "CallStatus"));
        if (status == null) {
            return new Normalized.Ignored("no CallStatus: not a call status callback (a recording or AMD callback, say)");
        }
        String callSid = FormBody.first(params, "CallSid");
        if (callSid == null) {
            throw WebhookRejected.unprocessable("missing_field", "CallSid", "a status callback names its call");
        }
        String answeredBy = lower(FormBody.first(params, "AnsweredBy"));
        Integer duration = seconds(FormBody.first(params, "CallDuration"));
        String label = "completed".equals(status) && answeredBy != null ? status + ":" + answeredBy : status;

        Map<String, String> labels = new LinkedHashMap<>();
        List<Warning> warnings = new ArrayList<>();
        boolean live = mapping.isLive(label);
        var outcome = live ? null : Labels.outcome(mapping, label, duration, answeredBy != null ? "AnsweredBy" : "CallStatus", labels,
                warnings);
        labels.remove("label"); // CallStatus and AnsweredBy below say it
        Direction direction = direction(FormBody.first(params, "Direction"));
        String from = e164OrNull(FormBody.first(params, "From"));
        String to = e164OrNull(FormBody.first(params, "To"));
        String timestamp = FormBody.first(params, "Timestamp");
        VendorTime vendorTime = VendorTime.of(timestamp, rfc2822(timestamp), webhook.receivedAt(), "Timestamp", warnings);

        labels.put("CallStatus", status);
        if (answeredBy != null) {
            labels.put("AnsweredBy", answeredBy);
        }
        if (FormBody.first(params, "Direction") != null) {
            labels.put("Direction", FormBody.first(params, "Direction"));
        }
        String sequence = FormBody.first(params, "SequenceNumber");
        String vendorEventId = sequence == null ? null : callSid + ":" + sequence;
        var event = CanonicalDisposition.builder(webhook.tenant(), id(), callSid).vendorEventId(vendorEventId)
                .occurredAt(vendorTime.at(), vendorTime.source())
                .state(live ? CallState.IN_PROGRESS : CallState.COMPLETED).outcome(outcome).direction(direction).numbers(from, to)
                .durations(duration, null)
                .prospect(new CanonicalDisposition.Prospect(Map.of(), null, direction == Direction.INBOUND ? from : to))
                .recordingUrl(FormBody.first(params, "RecordingUrl")).vendorLabels(labels).warnings(warnings).build();
        return Normalized.Calls.validated(event, vendorEventId, "", "SequenceNumber");
    }

    private static String lower(String value) {
        return value == null ? null : value.toLowerCase(Locale.ROOT);
    }

    /** A duration we cannot read is unknown, not an error: it is an optional fact. */
    private static Integer seconds(String value) {
        try {
            return value == null ? null : Integer.valueOf(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Direction direction(String value) {
        if (value == null) {
            return null;
        }
        return value.startsWith("inbound") ? Direction.INBOUND : value.startsWith("outbound") ? Direction.OUTBOUND : null;
    }

    /** Twilio's From/To may be a SIP URI or "client:alice"; only phone numbers are kept. */
    private static String e164OrNull(String value) {
        return CanonicalValidator.isE164(value) ? value : null;
    }

    /**
     * RFC 2822 as Twilio documents it ("Mon, 23 Nov 2026 14:05:09 +0000"). Its own examples also spell days and
     * months out ("Thurs, 20 July 1989 ..."), so the weekday, which says nothing the date does not, is set aside.
     */
    private static Instant rfc2822(String value) {
        if (value == null) {
            return null;
        }
        String date = value.contains(",") ? value.substring(value.indexOf(',') + 1).strip() : value.strip();
        for (DateTimeFormatter format : TWILIO_TIMES) {
            try {
                return ZonedDateTime.parse(date, format).toInstant();
            } catch (DateTimeParseException e) {
                // the next spelling
            }
        }
        return null;
    }
}
