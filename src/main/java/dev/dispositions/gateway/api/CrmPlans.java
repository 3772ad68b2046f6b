package dev.dispositions.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.dispositions.gateway.canonical.CanonicalDisposition;
import dev.dispositions.gateway.canonical.Outcome;
import dev.dispositions.gateway.crm.CrmCall;
import dev.dispositions.gateway.crm.CrmPreviews;
import dev.dispositions.gateway.crm.Delivery;
import dev.dispositions.gateway.delivery.DeliveryBatch;
import dev.dispositions.gateway.delivery.DeliveryItem;
import dev.dispositions.gateway.mapping.CrmMapping;
import dev.dispositions.gateway.overlay.TenantMappings;
import dev.dispositions.gateway.store.Redaction;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The plan a connector would carry out for one canonical event: its look-ups made (read-only), its writes kept, not
 * sent. The preview shows it for a vendor payload, a mapping dry run for a sample call under an unsaved overlay.
 */
@Component
public class CrmPlans {
    private final TenantMappings mappings;
    private final CrmPreviews previews;
    private final ObjectMapper json;

    public CrmPlans(TenantMappings mappings, CrmPreviews previews, ObjectMapper json) {
        this.mappings = mappings;
        this.previews = previews;
        this.json = json;
    }

    /** The deliveries ingest would make for the event in this CRM, as one batch through its connector's route. */
    /** @param candidate the mapping to render with; null for the tenant's own */
    public PreviewReport.CrmPlan planOf(String tenant, String crm, CanonicalDisposition event, CrmMapping candidate) {
        List<String> actions = new ArrayList<>(List.of(DeliveryItem.ACTIVITY));
        CrmMapping mapping = candidate != null ? candidate : mappings.crm(tenant, crm).orElseThrow();
        actions.addAll(mapping.actionsFor(event.outcome() == null ? "" : event.outcome().name()));
        if (event.outcome() == Outcome.DO_NOT_CONTACT) {
            actions.add(DeliveryItem.DO_NOT_CONTACT);
        }
        Map<Long, String> actionOf = new LinkedHashMap<>();
        List<DeliveryItem> items = new ArrayList<>();
        for (int i = 0; i < actions.size(); i++) {
            long id = -(i + 1); // a preview has no outbox rows
            actionOf.put(id, actions.get(i));
            items.add(new DeliveryItem(id, "preview", 1, event, null, actions.get(i)));
        }
        Delivery delivery = previews.preview(new DeliveryBatch(tenant, crm, items), candidate);
        List<PreviewReport.PlannedCall> lookups = new ArrayList<>();
        List<PreviewReport.PlannedCall> writes = new ArrayList<>();
        for (CrmCall call : delivery.previewed()) {
            (call.writes() ? writes : lookups).add(shown(call, actionOf));
        }
        java.util.Set<Long> written = new java.util.HashSet<>();
        delivery.previewed().stream().filter(CrmCall::writes).forEach(c -> written.addAll(c.items()));
        List<PreviewReport.SettledWithoutACall> withoutACall = new ArrayList<>();
        delivery.settled().forEach((id, r) -> {
            if (!written.contains(id)) {
                withoutACall.add(new PreviewReport.SettledWithoutACall(actionOf.get(id), r.kind().name(), Redaction.credentials(r.detail())));
            }
        });
        return new PreviewReport.CrmPlan(lookups, writes, withoutACall);
    }

    private PreviewReport.PlannedCall shown(CrmCall call, Map<Long, String> actionOf) {
        JsonNode body = null;
        if (call.body() != null) {
            try {
                body = json.readTree(Redaction.credentials(call.body()));
            } catch (IOException e) {
                body = TextNode.valueOf(Redaction.credentials(call.body()));
            }
        }
        return new PreviewReport.PlannedCall(call.purpose(), call.method(), call.path(), call.query().isEmpty() ? null : call.query(), body,
                call.items().stream().map(actionOf::get).toList());
    }
}
