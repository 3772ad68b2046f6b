package dev.dispositions.gateway.mapping;

import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import dev.dispositions.gateway.mapping.DeclarativeDialer.Field;
import dev.dispositions.gateway.mapping.DeclarativeDialer.Fields;
import dev.dispositions.gateway.mapping.DeclarativeDialer.Locator;
import dev.dispositions.gateway.mapping.DeclarativeDialer.Request;
import dev.dispositions.gateway.mapping.DeclarativeDialer.Signature;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checks the request and fields sections of a declarative dialer file: known schemes, formats, units and valid JSON paths. */
final class DeclarativeChecks {
    static final Set<String> SCHEMES = Set.of("hmac", "standard-webhooks", "token", "jwt");
    static final Set<String> HMAC_ALGORITHMS = Set.of("sha1", "sha256", "sha512");
    static final Set<String> JWT_ALGORITHMS = Set.of("HS256", "HS384", "HS512");
    static final Set<String> CONTENT_TYPES = Set.of("application/json", "application/x-www-form-urlencoded");
    static final Set<String> EVENT_KINDS = Set.of("final", "live", "ignore");
    static final Set<String> TIME_FORMATS = Set.of("iso", "epoch-seconds", "epoch-millis");
    static final Set<String> DURATION_UNITS = Set.of("seconds", "milliseconds", "minutes");

    private DeclarativeChecks() {
    }

    static void check(String file, DialerMapping m, List<MappingProblem> p) {
        Request r = m.request();
        if (!CONTENT_TYPES.contains(r.contentTypeOrDefault())) {
            p.add(new MappingProblem(file, "request.contentType", "must be one of " + CONTENT_TYPES));
        }
        signature(file, r.signature(), p);
        if (r.eventType() != null) {
            locator(file, "request.eventType", r.eventType(), p);
        }
        r.events().forEach((type, kind) -> {
            if (!EVENT_KINDS.contains(kind)) {
                p.add(new MappingProblem(file, "request.events." + type, "must be one of " + EVENT_KINDS));
            }
        });
        for (int i = 0; i < r.eventId().size(); i++) {
            locator(file, "request.eventId[" + i + "]", r.eventId().get(i), p);
        }
        Fields f = m.fields();
        if (f == null || f.callId() == null || f.callId().paths().isEmpty()) {
            p.add(new MappingProblem(file, "fields.callId", "a declarative dialer says where the call id is"));
            return;
        }
        if (f.label() == null) {
            p.add(new MappingProblem(file, "fields.label", "a declarative dialer says where the outcome label is"));
        }
        field(file, "fields.callId", f.callId(), null, p);
        field(file, "fields.occurredAt", f.occurredAt(), TIME_FORMATS, p);
        field(file, "fields.callbackAt", f.callbackAt(), TIME_FORMATS, p);
        field(file, "fields.label", f.label(), null, p);
        field(file, "fields.durationSeconds", f.durationSeconds(), null, p);
        field(file, "fields.talkTimeSeconds", f.talkTimeSeconds(), null, p);
        for (var e : Map.of("fields.durationSeconds", f.durationSeconds() == null ? "" : String.valueOf(f.durationSeconds().unit()),
                "fields.talkTimeSeconds", f.talkTimeSeconds() == null ? "" : String.valueOf(f.talkTimeSeconds().unit())).entrySet()) {
            if (!e.getValue().isEmpty() && !"null".equals(e.getValue()) && !DURATION_UNITS.contains(e.getValue())) {
                p.add(new MappingProblem(file, e.getKey() + ".unit", "must be one of " + DURATION_UNITS));
            }
        }
        field(file, "fields.direction", f.direction(), null, p);
        if (f.direction() != null && f.direction().values() != null) {
            f.direction().values().forEach((vendor, canonical) -> {
                if (!Set.of("INBOUND", "OUTBOUND").contains(canonical)) {
                    p.add(new MappingProblem(file, "fields.direction.values." + vendor, "must be INBOUND or OUTBOUND"));
                }
            });
        }
        for (var e : new java.util.TreeMap<>(Map.ofEntries(Map.entry("fields.from", opt(f.from())), Map.entry("fields.to", opt(f.to())),
                Map.entry("fields.agentId", opt(f.agentId())), Map.entry("fields.agentEmail", opt(f.agentEmail())),
                Map.entry("fields.prospectEmail", opt(f.prospectEmail())), Map.entry("fields.prospectPhone", opt(f.prospectPhone())),
                Map.entry("fields.sentiment", opt(f.sentiment())), Map.entry("fields.notes", opt(f.notes())),
                Map.entry("fields.recordingUrl", opt(f.recordingUrl())), Map.entry("fields.campaign", opt(f.campaign())),
                Map.entry("fields.list", opt(f.list())))).entrySet()) {
            e.getValue().ifPresent(v -> field(file, e.getKey(), v, null, p));
        }
        f.prospectCrmIds().forEach((crm, v) -> field(file, "fields.prospectCrmIds." + crm, v, null, p));
        f.vendorLabels().forEach((name, v) -> field(file, "fields.vendorLabels." + name, v, null, p));
    }

    private static java.util.Optional<Field> opt(Field f) {
        return java.util.Optional.ofNullable(f);
    }

    private static void signature(String file, Signature s, List<MappingProblem> p) {
        if (s == null || s.scheme() == null || !SCHEMES.contains(s.scheme())) {
            p.add(new MappingProblem(file, "request.signature.scheme",
                    "every dialer's webhooks are verified: one of " + new java.util.TreeSet<>(SCHEMES)));
            return;
        }
        switch (s.scheme()) {
            case "hmac" -> {
                if (s.header() == null) {
                    p.add(new MappingProblem(file, "request.signature.header", "names the header that carries the HMAC"));
                }
                if (!HMAC_ALGORITHMS.contains(String.valueOf(s.algorithm()))) {
                    p.add(new MappingProblem(file, "request.signature.algorithm", "must be one of " + HMAC_ALGORITHMS));
                }
                if (!Set.of("hex", "base64").contains(String.valueOf(s.encoding()))) {
                    p.add(new MappingProblem(file, "request.signature.encoding", "must be hex or base64"));
                }
            }
            case "token" -> {
                if ((s.header() == null) == (s.path() == null)) {
                    p.add(new MappingProblem(file, "request.signature", "a token is in a header or at a JSON path in the body: name one"));
                } else if (s.path() != null) {
                    path(file, "request.signature.path", s.path(), p);
                }
            }
            case "jwt" -> {
                if (!JWT_ALGORITHMS.contains(String.valueOf(s.algorithm()))) {
                    p.add(new MappingProblem(file, "request.signature.algorithm", "must be one of " + JWT_ALGORITHMS));
                }
            }
            default -> {
                if (s.toleranceSeconds() != null && s.toleranceSeconds() < 1) {
                    p.add(new MappingProblem(file, "request.signature.toleranceSeconds", "must be at least 1"));
                }
            }
        }
    }

    private static void locator(String file, String where, Locator l, List<MappingProblem> p) {
        if ((l.header() == null) == (l.path() == null)) {
            p.add(new MappingProblem(file, where, "name a header or a JSON path, not both"));
        } else if (l.path() != null) {
            path(file, where, l.path(), p);
        }
    }

    private static void field(String file, String where, Field f, Set<String> formats, List<MappingProblem> p) {
        if (f == null) {
            return;
        }
        if (f.paths().isEmpty()) {
            p.add(new MappingProblem(file, where, "needs a path"));
        }
        for (String path : f.paths()) {
            path(file, where, path, p);
        }
        if (f.format() != null && (formats == null || !formats.contains(f.format()))) {
            p.add(new MappingProblem(file, where + ".format", formats == null ? "this field takes no format" : "must be one of " + formats));
        }
    }

    private static void path(String file, String where, String path, List<MappingProblem> p) {
        try {
            JsonPath.compile(path);
        } catch (InvalidPathException | IllegalArgumentException e) {
            p.add(new MappingProblem(file, where, "not a valid JSON path: " + path + " (" + e.getMessage() + ")"));
        }
    }
}
