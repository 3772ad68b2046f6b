package dev.dispositions.gateway.dialer.declarative;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import com.jayway.jsonpath.spi.json.JacksonJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import dev.dispositions.gateway.canonical.CanonicalValidator;
import dev.dispositions.gateway.canonical.Direction;
import dev.dispositions.gateway.dialer.FormBody;
import dev.dispositions.gateway.dialer.InboundWebhook;
import dev.dispositions.gateway.dialer.JwtBody;
import dev.dispositions.gateway.dialer.WebhookRejected;
import dev.dispositions.gateway.mapping.DeclarativeDialer.Field;
import dev.dispositions.gateway.mapping.DeclarativeDialer.Locator;
import dev.dispositions.gateway.mapping.DialerMapping;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A declarative dialer's payload as its file's JSON paths see it. A value that is missing, blank or of the wrong
 * shape is absent: an optional fact never rejects a call.
 */
final class Payload {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Configuration PATHS = Configuration.builder()
            .jsonProvider(new JacksonJsonProvider(JSON)).mappingProvider(new JacksonMappingProvider(JSON))
            .options(Option.SUPPRESS_EXCEPTIONS).build();
    private static final String FORM = "application/x-www-form-urlencoded";

    private final InboundWebhook webhook;
    private final DocumentContext doc;

    private Payload(InboundWebhook webhook, DocumentContext doc) {
        this.webhook = webhook;
        this.doc = doc;
    }

    /** The value at a JSON path, as text. */
    String text(String path) {
        return text(lastOf(doc.read(path)));
    }

    /** An e-mail address at the field, or nothing when it is not one. */
    String email(Field field) {
        return emailOrNull(string(field));
    }

    /** The payload as JSON paths see it: a JSON body, a form body as an object of strings, or a JWT's claims. */
    static Payload of(InboundWebhook webhook, DialerMapping file) {
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
        return new Payload(webhook, JsonPath.using(PATHS).parse(payload));
    }

    String locate(Locator l) {
        if (l == null) {
            return null;
        }
        return l.header() != null ? blankToNull(webhook.header(l.header())) : text(lastOf(doc.read(l.path())));
    }

    /** The first of the field's paths that has a value; a path matching several values gives the last of them. */
    Object value(Field field) {
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

    /** The label's candidates: the value at each of the field's paths, in the file's order of precedence. */
    List<String> candidates(Field field) {
        List<String> values = new ArrayList<>();
        for (String path : field.paths()) {
            values.add(text(lastOf(doc.read(path))));
        }
        return values;
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

    String string(Field field) {
        Object v = value(field);
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
    Integer seconds(Field field) {
        Double n = number(value(field));
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

    Instant time(Field field) {
        Object v = value(field);
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

    Direction direction(Field field) {
        String v = string(field);
        if (v == null) {
            return null;
        }
        return switch (v.toUpperCase(Locale.ROOT)) {
            case "INBOUND" -> Direction.INBOUND;
            case "OUTBOUND" -> Direction.OUTBOUND;
            default -> null;
        };
    }

    private static String emailOrNull(String v) {
        return dev.dispositions.gateway.canonical.CanonicalValidator.isEmail(v) ? v : null;
    }
}
