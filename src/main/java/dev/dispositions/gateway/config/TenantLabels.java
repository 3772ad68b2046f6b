package dev.dispositions.gateway.config;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;

/**
 * A tenant's {@code labels} exactly as its configuration wrote them. Spring Boot's binder drops every character of
 * a map key that is not a letter, digit, '-' or '.' unless the key is written in brackets, so "Demo booked" would
 * bind as "Demobooked" and never match, and "Not interested – remove" (an opt-out) would fall back silently. The
 * keys are read here from the property sources themselves, in their order of precedence.
 */
final class TenantLabels {
    private TenantLabels() {
    }

    static Map<String, String> asWritten(Environment environment, String tenant, String dialer, Map<String, String> bound) {
        if (!(environment instanceof ConfigurableEnvironment configurable) || bound.isEmpty()) {
            return bound;
        }
        String prefix = "gateway.tenants." + tenant + ".dialers." + dialer + ".labels.";
        Map<String, String> labels = new LinkedHashMap<>();
        java.util.Set<String> asBound = new java.util.HashSet<>();
        for (PropertySource<?> source : configurable.getPropertySources()) {
            if (!(source instanceof EnumerablePropertySource<?> names)) {
                continue;
            }
            for (String name : names.getPropertyNames()) {
                if (name.startsWith(prefix) && source.getProperty(name) != null) {
                    String key = name.substring(prefix.length());
                    boolean bracketed = key.startsWith("[") && key.endsWith("]");
                    String label = bracketed ? key.substring(1, key.length() - 1) : key;
                    asBound.add(bracketed ? label : key.replaceAll("[^A-Za-z0-9.\\-]", ""));
                    labels.putIfAbsent(label, environment.resolvePlaceholders(String.valueOf(source.getProperty(name))));
                }
            }
        }
        // A label bound from a source that does not list its names (an environment variable) is kept as bound.
        bound.forEach((key, outcome) -> {
            if (!asBound.contains(key)) {
                labels.putIfAbsent(key, outcome);
            }
        });
        return labels;
    }
}
