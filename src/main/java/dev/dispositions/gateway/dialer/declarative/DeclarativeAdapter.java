package dev.dispositions.gateway.dialer.declarative;

import dev.dispositions.gateway.canonical.CallState;
import dev.dispositions.gateway.canonical.CanonicalDisposition;
import dev.dispositions.gateway.canonical.Direction;
import dev.dispositions.gateway.canonical.Outcome;
import dev.dispositions.gateway.canonical.PhoneNumbers;
import dev.dispositions.gateway.canonical.Warning;
import dev.dispositions.gateway.config.GatewayProperties.DialerSettings;
import dev.dispositions.gateway.dialer.DialerAdapter;
import dev.dispositions.gateway.dialer.InboundWebhook;
import dev.dispositions.gateway.dialer.JwtBody;
import dev.dispositions.gateway.dialer.Labels;
import dev.dispositions.gateway.dialer.Normalized;
import dev.dispositions.gateway.dialer.StandardWebhooks;
import dev.dispositions.gateway.dialer.VendorTime;
import dev.dispositions.gateway.dialer.WebhookRejected;
import dev.dispositions.gateway.mapping.DialerMapping;
import dev.dispositions.gateway.mapping.LabelNormalForm;
import dev.dispositions.gateway.mapping.DeclarativeDialer.Fields;
import dev.dispositions.gateway.mapping.DeclarativeDialer.Locator;
import dev.dispositions.gateway.mapping.DeclarativeDialer.Signature;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A dialer defined by its mapping file alone: the file's {@code request} section says how requests look and are
 * signed (a scheme from the catalogue), its {@code fields} section where each canonical fact is (JSON paths).
 * A new dialer that fits needs only {@code mappings/dialers/<id>.yaml}.
 */
public class DeclarativeAdapter implements DialerAdapter {

    private final DialerMapping file;
    private final Clock clock;

    public DeclarativeAdapter(DialerMapping file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    @Override
    public String id() {
        return file.dialer();
    }

    @Override
    public boolean accepts(String mediaType) {
        String declared = file.request().contentTypeOrDefault();
        // JSON:API and similar vendors send application/vnd.<x>+json.
        return declared.equals(mediaType) || ("application/json".equals(declared) && mediaType.endsWith("+json"));
    }

    // ---- verify ----

    @Override
    public void verify(InboundWebhook webhook, DialerSettings settings) {
        Signature s = file.request().signature();
        String secret = settings.secret().reveal();
        switch (s.scheme()) {
            case "hmac" -> DeclarativeSignatures.verifyHmac(webhook, s, secret);
            case "standard-webhooks" -> StandardWebhooks.verify(webhook, secret, clock.instant(),
                    Duration.ofSeconds(s.toleranceSeconds() == null ? StandardWebhooks.TOLERANCE.toSeconds() : s.toleranceSeconds()));
            case "token" -> DeclarativeSignatures.verifyToken(webhook, s, secret, () -> Payload.of(webhook, file));
            case "jwt" -> JwtBody.verify(webhook, secret);
            default -> throw new IllegalStateException("unchecked signature scheme " + s.scheme());
        }
    }


    // ---- normalize ----

    @Override
    public Normalized normalize(InboundWebhook webhook, DialerMapping mapping, DialerSettings settings) {
        Payload doc = Payload.of(webhook, file);
        Fields f = mapping.fields();
        String eventType = doc.locate(mapping.request().eventType());
        String kind = kindOf(mapping, eventType);
        if ("ignore".equals(kind)) {
            return new Normalized.Ignored("'" + eventType + "' is not a call event " + id() + " sends us");
        }
        String callId = doc.string(f.callId());
        if (callId == null) {
            throw WebhookRejected.unprocessable("missing_field", f.callId().paths().get(0), "every call event needs the call id");
        }
        List<String> candidates = doc.candidates(f.label());
        String label = mapping.pick(candidates);
        Integer duration = doc.seconds(f.durationSeconds());
        Map<String, String> labels = new LinkedHashMap<>();
        List<Warning> warnings = new ArrayList<>();
        if (eventType != null) {
            labels.put("event", eventType);
        }
        f.vendorLabels().forEach((name, field) -> {
            String v = doc.string(field);
            if (v != null) {
                labels.put(name, v);
            }
        });
        CallState state;
        Outcome outcome = null;
        // A live state in any of the label's fields keeps the call live, whatever else the payload carries.
        if ("live".equals(kind) || candidates.stream().anyMatch(mapping::isLive)) {
            state = CallState.IN_PROGRESS;
        } else {
            state = CallState.COMPLETED;
            if (label == null) {
                throw WebhookRejected.unprocessable("missing_field", f.label().paths().get(0), "a finished call needs its outcome label");
            }
            Labels.passedOver(mapping, candidates, label, labels, warnings);
            var resolution = mapping.refined(mapping.resolve(label, duration), duration, doc::string);
            outcome = Labels.outcome(mapping, resolution, label, f.label().paths().get(0), labels, warnings);
        }
        if (label != null) {
            labels.put("label", Labels.shown(label));
        }
        VendorTime occurredAt = VendorTime.of(doc.value(f.occurredAt()), doc.time(f.occurredAt()), webhook.receivedAt(),
                f.occurredAt() == null ? null : f.occurredAt().paths().get(0), warnings);
        Direction direction = doc.direction(f.direction());
        String region = settings.defaultRegion();
        Map<String, String> crmIds = new LinkedHashMap<>();
        f.prospectCrmIds().forEach((crm, field) -> {
            String v = doc.string(field);
            if (v != null) {
                crmIds.put(crm, v);
            }
        });
        var event = CanonicalDisposition.builder(webhook.tenant(), id(), callId)
                .occurredAt(occurredAt.at(), occurredAt.source()).state(state).outcome(outcome).direction(direction)
                .numbers(PhoneNumbers.toE164(doc.string(f.from()), region), PhoneNumbers.toE164(doc.string(f.to()), region))
                .durations(duration, doc.seconds(f.talkTimeSeconds()))
                .agent(new CanonicalDisposition.Agent(doc.string(f.agentId()), doc.email(f.agentEmail())))
                .prospect(new CanonicalDisposition.Prospect(crmIds, doc.email(f.prospectEmail()),
                        PhoneNumbers.toE164(doc.string(f.prospectPhone()), region)))
                .sentiment(doc.string(f.sentiment())).notes(doc.string(f.notes())).recordingUrl(doc.string(f.recordingUrl()))
                .callbackAt(doc.time(f.callbackAt())).campaign(doc.string(f.campaign())).list(doc.string(f.list())).vendorLabels(labels).warnings(warnings)
                .build();
        String vendorEventId = eventId(doc, mapping);
        event = event.withVendorEventId(vendorEventId);
        Locator first = mapping.request().eventId().isEmpty() ? null : mapping.request().eventId().get(0);
        return Normalized.Calls.validated(event, vendorEventId, "", first == null ? "vendorEventId" : first.header() != null ? first.header() : first.path());
    }

    private static String kindOf(DialerMapping mapping, String eventType) {
        if (mapping.request().eventType() == null) {
            return null;
        }
        if (eventType == null) {
            return "ignore";
        }
        return mapping.request().events().entrySet().stream().filter(e -> LabelNormalForm.same(e.getKey(), eventType))
                .map(Map.Entry::getValue).findFirst().orElse("ignore");
    }

    private static String eventId(Payload doc, DialerMapping mapping) {
        if (mapping.request().eventId().isEmpty()) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        for (Locator l : mapping.request().eventId()) {
            String v = doc.locate(l);
            if (v == null) {
                return null;
            }
            parts.add(v);
        }
        return String.join(":", parts);
    }
}
