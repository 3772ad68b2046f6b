package dev.dispositions.gateway.dialer.declarative;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import com.jayway.jsonpath.spi.json.JacksonJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import dev.dispositions.gateway.canonical.CallState;
import dev.dispositions.gateway.canonical.CanonicalDisposition;
import dev.dispositions.gateway.canonical.Direction;
import dev.dispositions.gateway.canonical.PhoneNumbers;
import dev.dispositions.gateway.config.GatewayProperties.DialerSettings;
import dev.dispositions.gateway.dialer.DialerAdapter;
import dev.dispositions.gateway.dialer.FormBody;
import dev.dispositions.gateway.dialer.InboundWebhook;
import dev.dispositions.gateway.dialer.JwtBody;
import dev.dispositions.gateway.dialer.Labels;
import dev.dispositions.gateway.dialer.Normalized;
import dev.dispositions.gateway.dialer.StandardWebhooks;
import dev.dispositions.gateway.dialer.WebhookRejected;
import dev.dispositions.gateway.mapping.DialerMapping;
import dev.dispositions.gateway.mapping.DialerMapping.Field;
import dev.dispositions.gateway.mapping.DialerMapping.Fields;
import dev.dispositions.gateway.mapping.DialerMapping.Locator;
import dev.dispositions.gateway.mapping.DialerMapping.Signature;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.codec.DecoderException;
import org.apache.commons.codec.binary.Hex;
import org.apache.commons.codec.digest.HmacAlgorithms;
import org.apache.commons.codec.digest.HmacUtils;

/**
 * A dialer defined by its mapping file alone: the file's {@code request} section says how requests look and are
 * signed (a scheme from the catalogue), its {@code fields} section where each canonical fact is (JSON paths).
 * A new dialer that fits needs only {@code mappings/dialers/<id>.yaml}.
 */
public class DeclarativeAdapter implements DialerAdapter {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Configuration PATHS = Configuration.builder()
            .jsonProvider(new JacksonJsonProvider(JSON)).mappingProvider(new JacksonMappingProvider(JSON))
            .options(Option.SUPPRESS_EXCEPTIONS).build();
    private static final String FORM = "application/x-www-form-urlencoded";
    /** No dialer's vocabulary has longer labels; a longer one is a broken sender, not a new disposition. */
    static final int MAX_LABEL = 200;

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
            case "hmac" -> verifyHmac(webhook, s, secret);
            case "standard-webhooks" -> StandardWebhooks.verify(webhook, secret, clock.instant(),
                    Duration.ofSeconds(s.toleranceSeconds() == null ? StandardWebhooks.TOLERANCE.toSeconds() : s.toleranceSeconds()));
            case "token" -> verifyToken(webhook, s, secret);
            case "jwt" -> JwtBody.verify(webhook, secret);
            default -> throw new IllegalStateException("unchecked signature scheme " + s.scheme());
        }
    }

    private static void verifyHmac(InboundWebhook webhook, Signature s, String secret) {
        String given = webhook.header(s.header());
        if (given == null || given.isBlank()) {
            throw WebhookRejected.unauthorized("signature_missing", s.header(), "the " + s.header() + " header is required");
        }
        given = given.trim();
        if (s.prefix() != null && given.startsWith(s.prefix())) {
            given = given.substring(s.prefix().length());
        }
        byte[] givenBytes;
        try {
            givenBytes = "hex".equals(s.encoding()) ? Hex.decodeHex(given) : Base64.getDecoder().decode(given);
        } catch (DecoderException | IllegalArgumentException e) {
            throw WebhookRejected.unauthorized("signature_invalid", s.header(), "the signature is not " + s.encoding());
        }
        HmacAlgorithms algorithm = switch (s.algorithm()) {
            case "sha1" -> HmacAlgorithms.HMAC_SHA_1;
            case "sha512" -> HmacAlgorithms.HMAC_SHA_512;
            default -> HmacAlgorithms.HMAC_SHA_256;
        };
        byte[] expected = new HmacUtils(algorithm, secret.getBytes(StandardCharsets.UTF_8)).hmac(webhook.body());
        if (!MessageDigest.isEqual(expected, givenBytes)) {
            throw WebhookRejected.unauthorized("signature_invalid", s.header(), "the HMAC does not match this body and secret");
        }
    }

    private void verifyToken(InboundWebhook webhook, Signature s, String secret) {
        String given;
        String where;
        if (s.header() != null) {
            given = webhook.header(s.header());
            where = s.header();
        } else {
            where = s.path();
            try {
                given = text(document(webhook).read(s.path()));
            } catch (WebhookRejected unreadable) {
                given = null;
            }
        }
        if (given == null || given.isEmpty()) {
            throw WebhookRejected.unauthorized("signature_missing", where, "the webhook's token is missing");
        }
        if (!MessageDigest.isEqual(secret.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8))) {
            throw WebhookRejected.unauthorized("signature_invalid", where, "the token does not match");
        }
    }

    // ---- normalize ----

    @Override
    public Normalized normalize(InboundWebhook webhook, DialerMapping mapping, DialerSettings settings) {
        DocumentContext doc = document(webhook);
        Fields f = mapping.fields();
        String eventType = locate(webhook, doc, mapping.request().eventType());
        String kind = kindOf(mapping, eventType);
        if ("ignore".equals(kind)) {
            return new Normalized.Ignored("'" + eventType + "' is not a call event " + id() + " sends us");
        }
        String callId = string(doc, f.callId());
        if (callId == null) {
            throw WebhookRejected.unprocessable("missing_field", f.callId().paths().get(0), "every call event needs the call id");
        }
        String label = label(doc, f.label(), mapping);
        if (label != null && label.length() > MAX_LABEL) {
            throw WebhookRejected.unprocessable("invalid_value", f.label().paths().get(0),
                    "an outcome label is at most " + MAX_LABEL + " characters");
        }
        Integer duration = seconds(doc, f.durationSeconds());
        Map<String, String> labels = new LinkedHashMap<>();
        if (eventType != null) {
            labels.put("event", eventType);
        }
        f.vendorLabels().forEach((name, field) -> {
            String v = string(doc, field);
            if (v != null) {
                labels.put(name, v);
            }
        });
        CallState state;
        dev.dispositions.gateway.canonical.Outcome outcome = null;
        if ("live".equals(kind) || (label != null && mapping.liveStates().contains(label))) {
            state = CallState.IN_PROGRESS;
        } else {
            state = CallState.COMPLETED;
            if (label == null) {
                throw WebhookRejected.unprocessable("missing_field", f.label().paths().get(0), "a finished call needs its outcome label");
            }
            outcome = Labels.outcome(mapping, label, duration, f.label().paths().get(0), labels);
        }
        if (label != null) {
            labels.put("label", label);
        }
        Instant occurredAt = time(doc, f.occurredAt());
        Direction direction = direction(doc, f.direction());
        String region = settings.defaultRegion();
        Map<String, String> crmIds = new LinkedHashMap<>();
        f.prospectCrmIds().forEach((crm, field) -> {
            String v = string(doc, field);
            if (v != null) {
                crmIds.put(crm, v);
            }
        });
        var event = new CanonicalDisposition(
                webhook.tenant(), id(), callId, null,
                occurredAt != null ? occurredAt : webhook.receivedAt(), occurredAt != null ? "vendor" : "receipt",
                state, outcome, direction,
                PhoneNumbers.toE164(string(doc, f.from()), region), PhoneNumbers.toE164(string(doc, f.to()), region),
                duration, seconds(doc, f.talkTimeSeconds()),
                new CanonicalDisposition.Agent(string(doc, f.agentId()), email(string(doc, f.agentEmail()))),
                new CanonicalDisposition.Prospect(crmIds, email(string(doc, f.prospectEmail())),
                        PhoneNumbers.toE164(string(doc, f.prospectPhone()), region)),
                string(doc, f.sentiment()), string(doc, f.notes()), string(doc, f.recordingUrl()), time(doc, f.callbackAt()),
                string(doc, f.campaign()), labels);
        String vendorEventId = eventId(webhook, doc, mapping);
        event = withVendorEventId(event, vendorEventId);
        return Normalized.Calls.validated(event, vendorEventId, "");
    }

    private static String kindOf(DialerMapping mapping, String eventType) {
        if (mapping.request().eventType() == null) {
            return null;
        }
        return eventType == null ? "ignore" : mapping.request().events().getOrDefault(eventType, "ignore");
    }

    private String eventId(InboundWebhook webhook, DocumentContext doc, DialerMapping mapping) {
        if (mapping.request().eventId().isEmpty()) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        for (Locator l : mapping.request().eventId()) {
            String v = locate(webhook, doc, l);
            if (v == null) {
                return null;
            }
            parts.add(v);
        }
        return String.join(":", parts);
    }

    private static CanonicalDisposition withVendorEventId(CanonicalDisposition e, String id) {
        return new CanonicalDisposition(e.tenant(), e.dialer(), e.callId(), id, e.occurredAt(), e.occurredAtSource(), e.state(),
                e.outcome(), e.direction(), e.fromNumber(), e.toNumber(), e.durationSeconds(), e.talkTimeSeconds(), e.agent(),
                e.prospect(), e.sentiment(), e.notes(), e.recordingUrl(), e.callbackAt(), e.campaign(), e.vendorLabels());
    }

    // ---- reading the payload ----

    /** The payload as JSON paths see it: a JSON body, a form body as an object of strings, or a JWT's claims. */
    private DocumentContext document(InboundWebhook webhook) {
        Object payload;
        if ("jwt".equals(file.request().signature().scheme())) {
            payload = JSON.convertValue(JwtBody.claims(webhook), Map.class);
        } else if (FORM.equals(file.request().contentTypeOrDefault())) {
            Map<String, Object> form = new LinkedHashMap<>();
            FormBody.parse(webhook.bodyText()).forEach((k, v) -> form.put(k, v.size() == 1 ? v.get(0) : v));
            payload = form;
        } else {
            try {
                payload = JSON.readValue(webhook.body(), Object.class);
            } catch (JsonProcessingException e) {
                throw WebhookRejected.malformed(null, "the body is not valid JSON");
            } catch (java.io.IOException e) {
                throw WebhookRejected.malformed(null, "the body could not be read");
            }
            if (!(payload instanceof Map)) {
                throw WebhookRejected.malformed(null, "the body must be a JSON object");
            }
        }
        return JsonPath.using(PATHS).parse(payload);
    }

    private static String locate(InboundWebhook webhook, DocumentContext doc, Locator l) {
        if (l == null) {
            return null;
        }
        return l.header() != null ? blankToNull(webhook.header(l.header())) : text(lastOf(doc.read(l.path())));
    }

    /** The first of the field's paths that has a value; a path matching several values gives the last of them. */
    private static Object value(DocumentContext doc, Field field) {
        if (field == null) {
            return null;
        }
        for (String path : field.paths()) {
            Object v = lastOf(doc.read(path));
            if (v != null && !(v instanceof String s && s.isBlank()) && !(v instanceof Map)) {
                return v;
            }
        }
        return null;
    }

    /**
     * The outcome label: of the field's paths, the first whose value the label table knows (so a specific
     * vocabulary, such as a sentiment or a lead status, wins over a generic one); else the first value present.
     */
    private static String label(DocumentContext doc, Field field, DialerMapping mapping) {
        String first = null;
        for (String path : field.paths()) {
            String v = text(lastOf(doc.read(path)));
            if (v == null) {
                continue;
            }
            if (mapping.knows(v)) {
                return v;
            }
            first = first == null ? v : first;
        }
        return first;
    }

    private static Object lastOf(Object v) {
        if (v instanceof List<?> list) {
            Object last = null;
            for (Object item : list) {
                if (item != null && !(item instanceof String s && s.isBlank())) {
                    last = item;
                }
            }
            return last;
        }
        return v;
    }

    private static String string(DocumentContext doc, Field field) {
        Object v = value(doc, field);
        String s = v == null ? null : v.toString();
        if (s != null && field.values() != null && field.values().containsKey(s)) {
            s = field.values().get(s);
        }
        return s;
    }

    private static String text(Object v) {
        return v == null || v instanceof Map || v instanceof List ? null : blankToNull(v.toString());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** A duration in whole seconds; a value that is not a number is unknown (an optional fact never rejects). */
    private static Integer seconds(DocumentContext doc, Field field) {
        Double n = number(value(doc, field));
        if (n == null || n < 0) {
            return null;
        }
        double s = switch (field.unit() == null ? "seconds" : field.unit()) {
            case "milliseconds" -> n / 1000.0;
            case "minutes" -> n * 60.0;
            default -> n;
        };
        return s > Integer.MAX_VALUE ? null : (int) Math.round(s);
    }

    private static Double number(Object v) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof String s) {
            try {
                return Double.valueOf(s.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static Instant time(DocumentContext doc, Field field) {
        Object v = value(doc, field);
        if (v == null) {
            return null;
        }
        String format = field.format() == null ? "iso" : field.format();
        try {
            return switch (format) {
                case "epoch-seconds" -> epoch(number(v), 1000);
                case "epoch-millis" -> epoch(number(v), 1);
                default -> OffsetDateTime.parse(v.toString()).toInstant();
            };
        } catch (DateTimeParseException | ArithmeticException e) {
            return null;
        }
    }

    private static Instant epoch(Double n, long millisPerUnit) {
        return n == null ? null : Instant.ofEpochMilli(Math.round(n * millisPerUnit));
    }

    private static Direction direction(DocumentContext doc, Field field) {
        String v = string(doc, field);
        if (v == null) {
            return null;
        }
        return switch (v.toUpperCase(Locale.ROOT)) {
            case "INBOUND" -> Direction.INBOUND;
            case "OUTBOUND" -> Direction.OUTBOUND;
            default -> null;
        };
    }

    private static String email(String v) {
        return dev.dispositions.gateway.canonical.CanonicalValidator.isEmail(v) ? v : null;
    }
}
