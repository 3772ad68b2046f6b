package dev.dispositions.gateway.mapping;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.dispositions.gateway.canonical.CanonicalDisposition;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs the examples a mapping file carries; each one that does not hold is a problem naming its index. */
final class MappingExamples {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private MappingExamples() {
    }

    static void check(String file, DialerMapping m, List<MappingProblem> p) {
        for (int i = 0; i < m.examples().size(); i++) {
            DialerMapping.Example e = m.examples().get(i);
            LabelResolution r = m.resolve(e.label(), e.durationSeconds());
            String got = r.live() ? "LIVE" : r.rejectReason() != null ? "rejected (" + r.rejectReason() + ")" : String.valueOf(r.outcome());
            if (!got.equals(e.expect())) {
                p.add(new MappingProblem(file, "examples[" + i + "]", "'" + e.label() + "' gives " + got + ", expected " + e.expect()));
            }
        }
    }

    /** A finished call with the facts given; the rest default. @throws IllegalArgumentException naming what is not canonical */
    static CanonicalDisposition event(String tenant, Map<String, Object> given) {
        Map<String, Object> facts = new LinkedHashMap<>(Map.of("tenant", tenant, "dialer", "example", "callId", "example-call",
                "occurredAt", "2026-01-15T10:00:00Z", "occurredAtSource", "vendor", "state", "COMPLETED"));
        facts.putAll(given == null ? Map.of() : given);
        return JSON.convertValue(facts, CanonicalDisposition.class);
    }

    static void check(String file, CrmMapping m, List<MappingProblem> p) {
        for (int i = 0; i < m.examples().size(); i++) {
            CrmMapping.Example e = m.examples().get(i);
            String where = "examples[" + i + "]" + (e.name() == null ? "" : " (" + e.name() + ")");
            CanonicalDisposition event;
            try {
                event = event("example", e.event());
            } catch (IllegalArgumentException bad) {
                p.add(new MappingProblem(file, where + ".event", "not a canonical event: " + bad.getMessage()));
                continue;
            }
            ActivityRenderer.Rendering rendering = ActivityRenderer.render(event, m);
            Map<String, Object> expect = e.expect() == null ? Map.of() : e.expect();
            if (Boolean.TRUE.equals(expect.get("skip"))) {
                if (!(rendering instanceof ActivityRenderer.Skip)) {
                    p.add(new MappingProblem(file, where, "expected no activity (skip), but one is rendered"));
                }
                continue;
            }
            if (!(rendering instanceof ActivityRenderer.Activity activity)) {
                p.add(new MappingProblem(file, where, "expected fields, but the outcome is ignored: " + ((ActivityRenderer.Skip) rendering).reason()));
                continue;
            }
            expect.forEach((field, value) -> {
                Object got = activity.fields().get(field);
                if (got == null || !String.valueOf(got).equals(String.valueOf(value))) {
                    p.add(new MappingProblem(file, where + ".expect." + field, "rendered " + got + ", expected " + value));
                }
            });
        }
    }
}
