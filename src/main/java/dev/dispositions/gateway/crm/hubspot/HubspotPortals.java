package dev.dispositions.gateway.crm.hubspot;

import dev.dispositions.gateway.config.TenantDirectory;
import dev.dispositions.gateway.crm.ConnectorSettings;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** The HubSpot portal of each tenant: its settings, bound and checked at start-up. */
@Component
class HubspotPortals {
    static final String CRM = "hubspot";

    private final ConnectorSettings.PerTenant<HubspotProperties> byTenant;

    HubspotPortals(TenantDirectory tenants, Environment environment) {
        this.byTenant = ConnectorSettings.bind(tenants, environment, CRM, HubspotProperties.class, (prefix, p) -> p.requireComplete(prefix));
    }

    HubspotProperties properties(String tenant) {
        return byTenant.of(tenant);
    }
}
