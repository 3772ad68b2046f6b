package dev.dispositions.gateway.overlay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dispositions.gateway.mapping.MappingProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A tenant's CRM overlay and how it is laid over the file. The overlay names only what the tenant changes:
 * <ul>
 *   <li>{@code outcomes.<OUTCOME>}: the tenant's value (the outcome is then mapped even if the file ignores it);</li>
 *   <li>{@code ignore.<OUTCOME>}: a reason (the outcome is then ignored even if the file maps it);</li>
 *   <li>{@code activity.fields.<Field>} and {@code actions.<name>}: a whole field spec or action, replacing the file's;</li>
 *   <li>{@code null} for any of them: take the file's away;</li>
 *   <li>{@code examples}: the overlay's own (the file's were run against the file when it was loaded).</li>
 * </ul>
 * What comes out is checked by {@link dev.dispositions.gateway.mapping.MappingValidator} exactly as a file is.
 */
public final class CrmOverlays {
    static final Set<String> KEYS = Set.of("outcomes", "ignore", "activity", "actions", "examples");

    private CrmOverlays() {
    }

    /** What is wrong with the overlay's own shape; the schema then checks what it says, laid over the file. */
    public static List<MappingProblem> shape(String source, JsonNode overlay) {
        List<MappingProblem> p = new ArrayList<>();
        if (overlay == null || !overlay.isObject()) {
            p.add(new MappingProblem(source, "", "an overlay is a JSON object with any of " + new java.util.TreeSet<>(KEYS)));
            return p;
        }
        overlay.fieldNames().forEachRemaining(k -> {
            if (!KEYS.contains(k)) {
                p.add(new MappingProblem(source, k, "an overlay changes only " + new java.util.TreeSet<>(KEYS)
                        + "; the rest is the file's (the CRM, the activity's object)"));
            }
        });
        for (String table : List.of("outcomes", "ignore")) {
            JsonNode t = overlay.path(table);
            if (!t.isMissingNode() && !t.isObject()) {
                p.add(new MappingProblem(source, table, "is an object of outcome: text"));
            }
            t.fields().forEachRemaining(e -> {
                if (!e.getValue().isTextual() && !e.getValue().isNull()) {
                    p.add(new MappingProblem(source, table + "." + e.getKey(), "is text, or null to take the file's away"));
                }
            });
        }
        overlay.path("outcomes").fieldNames().forEachRemaining(o -> {
            if (overlay.path("ignore").has(o) && !overlay.path("ignore").get(o).isNull() && !overlay.path("outcomes").get(o).isNull()) {
                p.add(new MappingProblem(source, "ignore." + o, "is also given a value under outcomes; an outcome is mapped or ignored: pick one"));
            }
        });
        JsonNode activity = overlay.path("activity");
        if (!activity.isMissingNode() && !activity.isObject()) {
            p.add(new MappingProblem(source, "activity", "is an object with the activity's fields: {\"fields\": {...}}"));
        } else if (!activity.isMissingNode()) {
            activity.fieldNames().forEachRemaining(k -> {
                if (!"fields".equals(k)) {
                    p.add(new MappingProblem(source, "activity." + k, "an overlay changes the activity's fields only"));
                }
            });
            specs(source, "activity.fields", activity.path("fields"), p);
        }
        specs(source, "actions", overlay.path("actions"), p);
        if (!overlay.path("examples").isMissingNode() && !overlay.path("examples").isArray()) {
            p.add(new MappingProblem(source, "examples", "is a list of examples, as in a mapping file"));
        }
        return p;
    }

    private static void specs(String source, String path, JsonNode specs, List<MappingProblem> p) {
        if (specs.isMissingNode()) {
            return;
        }
        if (!specs.isObject()) {
            p.add(new MappingProblem(source, path, "is an object of name: spec"));
            return;
        }
        specs.fields().forEachRemaining(e -> {
            if (!e.getValue().isObject() && !e.getValue().isNull()) {
                p.add(new MappingProblem(source, path + "." + e.getKey(), "is a whole spec as in the file, or null to take the file's away"));
            }
        });
    }

    /** The file with the overlay laid over it (neither is changed). */
    public static ObjectNode laidOver(JsonNode file, JsonNode overlay) {
        ObjectNode out = file.deepCopy();
        overlay.path("outcomes").fields().forEachRemaining(e -> put(out, "outcomes", e, "ignore"));
        overlay.path("ignore").fields().forEachRemaining(e -> put(out, "ignore", e, "outcomes"));
        overlay.path("activity").path("fields").fields().forEachRemaining(e -> put((ObjectNode) out.path("activity"), "fields", e, null));
        overlay.path("actions").fields().forEachRemaining(e -> put(out, "actions", e, null));
        out.remove("examples");
        if (overlay.has("examples")) {
            out.set("examples", overlay.get("examples").deepCopy());
        }
        return out;
    }

    private static void put(ObjectNode into, String table, Map.Entry<String, JsonNode> entry, String exclusive) {
        ObjectNode t = into.has(table) && into.get(table).isObject() ? (ObjectNode) into.get(table) : into.putObject(table);
        if (entry.getValue().isNull()) {
            t.remove(entry.getKey());
            return;
        }
        t.set(entry.getKey(), entry.getValue().deepCopy());
        if (exclusive != null && into.get(exclusive) instanceof ObjectNode other) {
            other.remove(entry.getKey()); // an outcome is either mapped or ignored
        }
    }

    /** The paths of the effective mapping the overlay decides ({@code outcomes.LEFT_VOICEMAIL}, {@code actions.follow-up}). */
    public static List<String> decidedByOverlay(JsonNode overlay) {
        List<String> paths = new ArrayList<>();
        for (String table : List.of("outcomes", "ignore", "actions")) {
            overlay.path(table).fieldNames().forEachRemaining(k -> paths.add(table + "." + k));
        }
        overlay.path("activity").path("fields").fieldNames().forEachRemaining(k -> paths.add("activity.fields." + k));
        if (overlay.has("examples")) {
            paths.add("examples");
        }
        return paths;
    }
}
