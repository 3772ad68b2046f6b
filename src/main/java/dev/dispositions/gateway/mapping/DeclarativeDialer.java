package dev.dispositions.gateway.mapping;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of a dialer file that define a dialer without Java ({@code request} and {@code fields}): how its
 * requests look and are signed, and where each canonical fact is in the payload.
 */
public final class DeclarativeDialer {
    private DeclarativeDialer() {
    }

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
            Field list,
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
