package dev.dispositions.gateway.dialer;

import dev.dispositions.gateway.config.TenantDirectory;
import dev.dispositions.gateway.mapping.DialerMapping;
import dev.dispositions.gateway.mapping.LabelTable;
import dev.dispositions.gateway.mapping.MappingCatalog;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/** All dialer adapters by id. Refuses to start on a duplicate id, a missing mapping file or an unknown dialer in config. */
@Component
public class DialerRegistry {
    private final Map<String, DialerAdapter> adapters = new TreeMap<>();

    public DialerRegistry(List<DialerAdapter> beans, List<DialerAdapterSource> sources, MappingCatalog mappings,
                          TenantDirectory tenants) {
        List<DialerAdapter> found = new java.util.ArrayList<>(beans);
        sources.forEach(s -> found.addAll(s.adapters()));
        for (DialerAdapter a : found) {
            if (adapters.put(a.id(), a) != null) {
                throw new IllegalStateException("two dialer adapters share the id '" + a.id() + "'");
            }
            if (mappings.dialer(a.id()).isEmpty()) {
                throw new IllegalStateException("dialer adapter '" + a.id() + "' has no mappings/dialers/" + a.id() + ".yaml");
            }
        }
        tenants.all().forEach((tenant, t) -> t.dialers().forEach((dialer, settings) -> {
            String key = "gateway.tenants." + tenant + ".dialers." + dialer;
            if (!adapters.containsKey(dialer)) {
                throw new IllegalStateException(key + ": no such dialer; known: " + adapters.keySet());
            }
            if (settings.enabled() && (settings.secret() == null || settings.secret().isBlank())) {
                throw new IllegalStateException(key + ".secret is required: every dialer's webhooks are verified");
            }
            settings.labels().forEach((label, outcome) -> {
                if (dev.dispositions.gateway.canonical.Outcome.byName(outcome) == null) {
                    throw new IllegalStateException(key + ".labels." + label + ": '" + outcome + "' is not an outcome; known: "
                            + java.util.Arrays.toString(dev.dispositions.gateway.canonical.Outcome.values()));
                }
            });
            var conflicts = new LabelTable(settings.labels().entrySet().stream().collect(java.util.stream.Collectors.toMap(
                    Map.Entry::getKey, e -> DialerMapping.LabelRule.of(e.getValue()), (a, b) -> a, java.util.LinkedHashMap::new))).conflicts();
            if (!conflicts.isEmpty()) {
                throw new IllegalStateException(key + ".labels." + conflicts.get(0).label() + ": the same label as '"
                        + conflicts.get(0).sameAs() + "' (labels match on their normal form) but another outcome");
            }

        }));
    }

    public Optional<DialerAdapter> find(String id) {
        return Optional.ofNullable(adapters.get(id));
    }
}
