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
    public static <T> Map<String, T> bind(TenantDirectory tenants, Environment environment, String crm, Class<T> type,
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
        return byTenant;
    }
}
