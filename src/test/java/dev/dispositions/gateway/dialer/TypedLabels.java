package dev.dispositions.gateway.dialer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dispositions.gateway.config.GatewayProperties.DialerSettings;
import dev.dispositions.gateway.config.Secret;
import dev.dispositions.gateway.mapping.DialerMapping;
import dev.dispositions.gateway.mapping.MappingCatalog;
import dev.dispositions.gateway.mapping.MappingCatalogs;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A finished call of each dialer whose labels people type (twilio and ringcentral send machine statuses), built from
 * its golden sample with the label replaced, normalized through the dialer's own adapter and packaged file.
 */
final class TypedLabels {
    static final MappingCatalog CATALOG = MappingCatalogs.packaged();
    static final List<String> DIALERS = List.of("generic", "symbo", "sami", "calliyo", "salesfinity", "salesloft", "outreach",
            "aircall", "dialpad");

    private TypedLabels() {
    }

    /** A further change to a sample, after its label is set. */
    interface Change extends Consumer<ObjectNode> {
    }

    /** Where the label goes in each sample, and what else is cleared so that it alone decides. */
    private static Sample sample(String dialer) {
        return switch (dialer) {
            case "generic" -> new Sample("dialer/generic/call-ended", (root, label) -> root.put("outcome", label));
            case "symbo" -> new Sample("dialer/symbo/call-completed-meeting-booked", (root, label) -> obj(root, "call").put("outcome", label));
            case "sami" -> new Sample("dialer/sami/call-completed-opt-out", (root, label) -> obj(root, "call").put("outcome", label));
            case "calliyo" -> new Sample("dialer/calliyo/called-interested", (root, label) -> {
                obj(root, "call").put("status", label);
                obj(root, "call").remove("lead_status");
            });
            case "salesfinity" -> new Sample("dialer/salesfinity/call-logged-disposition",
                    (root, label) -> obj(root, "data").putObject("disposition").put("name", label));
            case "salesloft" -> new Sample("dialer/salesloft/call-updated-demo-scheduled", (root, label) -> {
                root.put("disposition", label);
                root.remove("sentiment");
            });
            case "outreach" -> new Sample("dialer/outreach/call-created", (root, label) -> {
                obj(obj(root, "data"), "attributes").put("outcome", label);
                obj(obj(root, "data"), "attributes").remove("tags");
                obj(obj(root, "data"), "relationships").remove("callDisposition");
            });
            case "aircall" -> new Sample("dialer/aircall/call-tagged",
                    (root, label) -> obj(root, "data").putArray("tags").addObject().put("name", label));
            case "dialpad" -> new Sample("dialer/dialpad/dispositions-meeting-booked.claims", (root, label) -> root.put("disposition", label));
            default -> throw new IllegalArgumentException(dialer);
        };
    }

    private record Sample(String base, java.util.function.BiConsumer<ObjectNode, String> setLabel) {
    }

    private static ObjectNode obj(ObjectNode parent, String name) {
        return (ObjectNode) parent.get(name);
    }

    static DialerMapping file(String dialer) {
        return CATALOG.dialer(dialer).orElseThrow();
    }

    /** The dialer's sample carrying this label, changed further by {@code more}, normalized with {@code mapping}. */
    static Normalized normalize(String dialer, String label, DialerMapping mapping, Consumer<ObjectNode> more) {
        Sample s = sample(dialer);
        ObjectNode root = (ObjectNode) Goldens.json(s.base() + ".json").deepCopy();
        s.setLabel().accept(root, label);
        more.accept(root);
        return normalizeRaw(dialer, root, mapping);
    }

    static Normalized normalize(String dialer, String label) {
        return normalize(dialer, label, file(dialer), root -> { });
    }

    static Normalized normalizeRaw(String dialer, JsonNode root, DialerMapping mapping) {
        Sample s = sample(dialer);
        Map<String, String> headers = new LinkedHashMap<>();
        String headerFile = s.base().replace(".claims", "") + ".headers.json";
        if (TypedLabels.class.getResource("/" + headerFile) != null) {
            Goldens.json(headerFile).fields().forEachRemaining(e -> headers.put(e.getKey(), e.getValue().asText()));
        }
        byte[] body = root.toString().getBytes(StandardCharsets.UTF_8);
        if (dialer.equals("dialpad")) {
            body = Goldens.jwt(root, "golden-jwt-secret-of-at-least-32-bytes");
        }
        InboundWebhook webhook = Goldens.webhook(dialer, "http://localhost/webhooks/" + dialer, "application/json", headers, body);
        return DialerGoldenTest.adapter(dialer).normalize(webhook, mapping, new DialerSettings(true, Secret.of("unused"), Map.of(), "US", null));
    }

    static dev.dispositions.gateway.canonical.CanonicalDisposition event(Normalized n) {
        return ((Normalized.Calls) n).events().get(0);
    }

    /** The ways people type one label: other cases, blanks around it, other dashes and apostrophes, spaced dashes. */
    static List<String> spellings(String label) {
        List<String> out = new ArrayList<>(List.of(label.toLowerCase(java.util.Locale.ROOT), label.toUpperCase(java.util.Locale.ROOT),
                label + " ", "  " + label, "\u00A0" + label + "\t"));
        if (label.matches(".*[-\u2014\u2013].*")) {
            for (String dash : new String[] {"-", "\u2013", "\u2014", "\u2212", " - ", " \u2014 "}) {
                out.add(label.replaceAll("\\s*[-\u2014\u2013]\\s*", java.util.regex.Matcher.quoteReplacement(dash)));
            }
        }
        if (label.contains(" ")) {
            out.add(label.replace(" ", "  "));
            out.add(label.replace(" ", "\u00A0"));
        }
        if (label.contains("'")) {
            for (String apostrophe : new String[] {"\u2019", "\u2018", "\u02BC", "`", "\u00B4"}) {
                out.add(label.replace("'", apostrophe));
            }
        }
        return out;
    }
}
