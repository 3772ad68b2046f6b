package dev.dispositions.gateway.crm;

import dev.dispositions.gateway.config.TenantDirectory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.core.env.Environment;

/**
 * Binds one connector's typed settings for every tenant that enabled it: the configuration's tenants once, checked at
 * start-up; a tenant made through the admin API from its stored settings, when first asked and again after they
 * change (they were checked when saved, with {@link #validate}).
 */
public final class ConnectorSettings {
    private static final String PREFIX = "connector";

    private ConnectorSettings() {
    }

    /**
     * @param check receives the configuration prefix ({@code gateway.tenants.<t>.crms.<crm>}) and the settings;
     *              it throws, naming the key, when something required is missing
     */
    public static <T> PerTenant<T> bind(TenantDirectory tenants, Environment environment, String crm, Class<T> type,
                                        BiConsumer<String, T> check) {
        Binder binder = Binder.get(environment);
        Map<String, T> byTenant = new TreeMap<>();
        for (String tenant : tenants.configured().keySet()) {
            if (tenants.enabledCrms(tenant).contains(crm)) {
                String prefix = "gateway.tenants." + tenant + ".crms." + crm;
                T settings = binder.bindOrCreate(prefix, Bindable.of(type));
                check.accept(prefix, settings);
                byTenant.put(tenant, settings);
            }
        }
        return new PerTenant<>(crm, byTenant, tenants, type);
    }

    /**
     * Settings as the API takes them (the configuration's keys, e.g. {@code client-id}), bound and checked; answers
     * them under their canonical names. Throws {@link IllegalArgumentException} naming a setting the connector does not
     * have, or one that reads a file ({@code file:} is for the configuration, which the operator controls), and
     * {@link IllegalStateException} naming what the connector's own check refuses.
     */
    public static <T> Map<String, Object> validate(Map<String, Object> settings, Class<T> type, BiConsumer<String, T> check) {
        Map<String, String> canonical = new TreeMap<>();
        for (var component : type.getRecordComponents()) {
            canonical.put(squashed(component.getName()), component.getName().replaceAll("([A-Z])", "-$1").toLowerCase(java.util.Locale.ROOT));
        }
        Map<String, Object> named = new LinkedHashMap<>();
        settings.forEach((key, value) -> {
            String name = canonical.get(squashed(key));
            if (name == null) {
                throw new IllegalArgumentException(key + " is not a setting of this connector; it has " + canonical.values());
            }
            if (String.valueOf(value).startsWith("file:")) {
                throw new IllegalArgumentException(name + ": a file: reference is for the configuration only; send the value itself");
            }
            named.put(name, value);
        });
        check.accept("settings", bindStored(named, type));
        return named;
    }

    private static String squashed(String name) {
        return name.replace("-", "").replace("_", "").toLowerCase(java.util.Locale.ROOT);
    }

    /** Stored settings become secrets as written: never read from a file, whatever they say. */
    private static final ApplicationConversionService STORED = storedConversions();

    private static ApplicationConversionService storedConversions() {
        ApplicationConversionService conversions = new ApplicationConversionService();
        conversions.addConverter(String.class, dev.dispositions.gateway.config.Secret.class, dev.dispositions.gateway.config.Secret::of);
        return conversions;
    }

    private static <T> T bindStored(Map<String, Object> settings, Class<T> type) {
        Map<String, Object> flat = new LinkedHashMap<>();
        flatten(PREFIX, settings, flat);
        return new Binder(java.util.List.of(new MapConfigurationPropertySource(flat)), null, STORED).bindOrCreate(PREFIX, Bindable.of(type));
    }

    private static void flatten(String prefix, Map<?, ?> map, Map<String, Object> into) {
        map.forEach((k, v) -> {
            if (v instanceof Map<?, ?> nested) {
                flatten(prefix + "." + k, nested, into);
            } else {
                into.put(prefix + "." + k, v);
            }
        });
    }

    /** One connector's settings by tenant. */
    public static final class PerTenant<T> {
        private final String crm;
        private final Map<String, T> configured;
        private final TenantDirectory tenants;
        private final Class<T> type;
        private final Map<String, Map.Entry<Map<String, Object>, T>> stored = new ConcurrentHashMap<>();

        private PerTenant(String crm, Map<String, T> configured, TenantDirectory tenants, Class<T> type) {
            this.crm = crm;
            this.configured = java.util.Collections.unmodifiableMap(configured);
            this.tenants = tenants;
            this.type = type;
        }

        /** The tenant's settings; a tenant without this connector is a programming error, not a CRM answer. */
        public T of(String tenant) {
            T settings = configured.get(tenant);
            if (settings != null) {
                return settings;
            }
            var t = tenants.all().get(tenant);
            Map<String, Object> raw = t == null || tenants.configured().containsKey(tenant) ? null : t.crms().get(crm);
            if (raw == null) {
                throw new IllegalStateException("tenant '" + tenant + "' has no " + crm + " connector configured");
            }
            return stored.compute(tenant, (k, known) -> known != null && known.getKey().equals(raw) ? known
                    : Map.entry(raw, bindStored(raw, type))).getValue();
        }

        /** The configuration's tenants (a tenant made through the API is bound when first asked for). */
        public void forEach(BiConsumer<String, T> action) {
            configured.forEach(action);
        }
    }
}
