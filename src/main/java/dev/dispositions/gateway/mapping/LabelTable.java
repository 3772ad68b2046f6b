package dev.dispositions.gateway.mapping;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.dispositions.gateway.mapping.DialerMapping.LabelRule;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * A label → outcome table, matched on {@link LabelNormalForm}. It keeps the entries as written (a file may list
 * "Connected — Interested" and "Connected - Interested" for its readers); two entries with one normal form and
 * different rules are a {@link Conflict}, reported by the mapping checks, never resolved silently.
 */
public final class LabelTable {
    public static final LabelTable EMPTY = new LabelTable(Map.of());

    private final Map<String, LabelRule> written;
    private final Map<String, LabelRule> byNormalForm;

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public LabelTable(Map<String, LabelRule> entries) {
        this.written = Collections.unmodifiableMap(new LinkedHashMap<>(entries == null ? Map.of() : entries));
        Map<String, LabelRule> index = new HashMap<>();
        written.forEach((label, rule) -> index.putIfAbsent(LabelNormalForm.of(label), rule));
        this.byNormalForm = index;
    }

    /** Two spellings of one label that the table maps differently. */
    public record Conflict(String label, String sameAs) {
    }

    public LabelRule find(String label) {
        return label == null ? null : byNormalForm.get(LabelNormalForm.of(label));
    }

    public boolean contains(String label) {
        return find(label) != null;
    }

    /** The table with {@code overrides} laid over it: an override replaces every entry with its normal form. */
    public LabelTable overlay(Map<String, LabelRule> overrides) {
        if (overrides == null || overrides.isEmpty()) {
            return this;
        }
        Map<String, LabelRule> merged = new LinkedHashMap<>();
        var replaced = new java.util.HashSet<String>();
        overrides.keySet().forEach(label -> replaced.add(LabelNormalForm.of(label)));
        written.forEach((label, rule) -> {
            if (!replaced.contains(LabelNormalForm.of(label))) {
                merged.put(label, rule);
            }
        });
        merged.putAll(overrides);
        return new LabelTable(merged);
    }

    public List<Conflict> conflicts() {
        List<Conflict> found = new ArrayList<>();
        Map<String, Map.Entry<String, LabelRule>> first = new HashMap<>();
        written.entrySet().forEach(e -> {
            var earlier = first.putIfAbsent(LabelNormalForm.of(e.getKey()), e);
            if (earlier != null && !java.util.Objects.equals(earlier.getValue(), e.getValue())) {
                found.add(new Conflict(e.getKey(), earlier.getKey()));
            }
        });
        return found;
    }

    @JsonValue
    public Map<String, LabelRule> entries() {
        return written;
    }

    public void forEach(BiConsumer<String, LabelRule> action) {
        written.forEach(action);
    }

    public boolean isEmpty() {
        return written.isEmpty();
    }
}
