package dev.dispositions.gateway.config;

import dev.dispositions.gateway.config.GatewayProperties.DialerSettings;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/** The tenants declared in configuration, checked once at start-up. */
@Component
public class TenantDirectory {
    public static final String DEFAULT_TENANT = "default";
    /** Tenant ids become Camel component names and URL segments, so they stay plain. */
    private static final Pattern TENANT_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    private final Map<String, GatewayProperties.Tenant> tenants;

    public TenantDirectory(GatewayProperties properties, org.springframework.core.env.Environment environment) {
        this.tenants = new TreeMap<>();
        properties.tenants().forEach((id, tenant) -> this.tenants.put(id, withLabelsAsWritten(id, tenant, environment)));
        tenants.keySet().forEach(id -> {
            if (!TENANT_ID.matcher(id).matches()) {
                throw new IllegalStateException("gateway.tenants." + id
                        + ": a tenant id is lowercase letters, digits and '-', starting with a letter or digit");
            }
        });
    }

    /** The tenant with each dialer's labels as the configuration wrote them (see {@link TenantLabels}). */
    private static GatewayProperties.Tenant withLabelsAsWritten(String id, GatewayProperties.Tenant tenant,
                                                               org.springframework.core.env.Environment environment) {
        Map<String, DialerSettings> dialers = new TreeMap<>();
        tenant.dialers().forEach((dialer, d) -> dialers.put(dialer, new DialerSettings(d.enabled(), d.secret(),
                TenantLabels.asWritten(environment, id, dialer, d.labels()), d.defaultRegion(), d.possibleOptOut())));
        return new GatewayProperties.Tenant(dialers, tenant.crms());
    }

    public boolean exists(String tenant) {
        return tenants.containsKey(tenant);
    }

    public Optional<DialerSettings> dialer(String tenant, String dialer) {
        GatewayProperties.Tenant t = tenants.get(tenant);
        if (t == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(t.dialers().get(dialer)).filter(DialerSettings::enabled);
    }

    /** The CRM ids this tenant has enabled, in a stable order. */
    public List<String> enabledCrms(String tenant) {
        GatewayProperties.Tenant t = tenants.get(tenant);
        if (t == null) {
            return List.of();
        }
        return t.crms().keySet().stream().filter(t::crmEnabled).sorted().toList();
    }

    public Map<String, GatewayProperties.Tenant> all() {
        return tenants;
    }
}
