package dev.dispositions.gateway.ingest;

import dev.dispositions.gateway.canonical.CanonicalDisposition;
import dev.dispositions.gateway.config.TenantDirectory;
import dev.dispositions.gateway.delivery.DeliveryItem;
import dev.dispositions.gateway.overlay.TenantMappings;
import dev.dispositions.gateway.store.EventStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * What each connector of a tenant gets of a finished event: a CRM its activity, its mapping's actions and the locked
 * do-not-contact; a destination what its filter lets through. Read when an event is stored, and again when support
 * edits one.
 */
@Component
public class TenantActions {
    private final TenantDirectory tenants;
    private final TenantMappings tenantMappings;

    TenantActions(TenantDirectory tenants, TenantMappings tenantMappings) {
        this.tenants = tenants;
        this.tenantMappings = tenantMappings;
    }

    public EventStore.ActionPlan of(String tenant) {
        return new EventStore.ActionPlan() {
            @Override
            public List<String> actionsFor(String crm, CanonicalDisposition event) {
                return event.outcome() == null ? List.of()
                        : tenantMappings.crm(tenant, crm).map(m -> m.actionsFor(event.outcome().name())).orElse(List.of());
            }

            @Override
            public boolean wants(String crm, CanonicalDisposition event, String kind) {
                return tenants.destination(tenant, crm).map(d -> d.filter().wants(event.outcome() == null ? null : event.outcome().name(),
                        event.outcome() == null ? null : event.outcome().category().name().toLowerCase(Locale.ROOT), event.dialer(), kind))
                        .orElse(true);
            }
        };
    }

    /** Every (connector, action) the event calls for now, as {@code [crm, action]}. */
    public List<List<String>> wanted(CanonicalDisposition event) {
        EventStore.ActionPlan plan = of(event.tenant());
        List<List<String>> rows = new ArrayList<>();
        for (String crm : tenants.enabledCrms(event.tenant())) {
            if (plan.wants(crm, event, DeliveryItem.ACTIVITY)) {
                rows.add(List.of(crm, DeliveryItem.ACTIVITY));
                plan.actionsFor(crm, event).forEach(a -> rows.add(List.of(crm, a)));
            }
            if (event.outcome() == dev.dispositions.gateway.canonical.Outcome.DO_NOT_CONTACT && plan.wants(crm, event, DeliveryItem.DO_NOT_CONTACT)) {
                rows.add(List.of(crm, DeliveryItem.DO_NOT_CONTACT));
            }
        }
        return rows;
    }
}
