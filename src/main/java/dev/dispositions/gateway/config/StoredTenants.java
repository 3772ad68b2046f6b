package dev.dispositions.gateway.config;

import java.util.Map;

/** The tenants made through the admin API, as the gateway runs them: secrets opened, disabled ones included. */
public interface StoredTenants {
    /** By tenant id; a tenant that is disabled has {@code enabled} false. */
    Map<String, Stored> load();

    record Stored(boolean enabled, GatewayProperties.Tenant tenant) {
    }
}
