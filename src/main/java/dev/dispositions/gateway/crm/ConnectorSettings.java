package dev.dispositions.gateway.crm;

import dev.dispositions.gateway.config.TenantDirectory;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/** Binds one connector's typed settings for every tenant that enabled it, checking each at start-up. */
public final class ConnectorSettings {
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
        for (String tenant : tenants.all().keySet()) {
            if (tenants.enabledCrms(tenant).contains(crm)) {
                String prefix = "gateway.tenants." + tenant + ".crms." + crm;
                T settings = binder.bindOrCreate(prefix, Bindable.of(type));
                check.accept(prefix, settings);
                byTenant.put(tenant, settings);
            }
        }
        return new PerTenant<>(crm, byTenant);
    }

    /** One connector's settings by tenant. */
    public static final class PerTenant<T> {
        private final String crm;
        private final Map<String, T> byTenant;

        private PerTenant(String crm, Map<String, T> byTenant) {
            this.crm = crm;
            this.byTenant = java.util.Collections.unmodifiableMap(byTenant);
        }

        /** The tenant's settings; a tenant without this connector is a programming error, not a CRM answer. */
        public T of(String tenant) {
            T settings = byTenant.get(tenant);
            if (settings == null) {
                throw new IllegalStateException("tenant '" + tenant + "' has no " + crm + " connector configured");
            }
            return settings;
        }

        public void forEach(BiConsumer<String, T> action) {
            byTenant.forEach(action);
        }
    }
}
