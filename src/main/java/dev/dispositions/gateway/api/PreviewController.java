package dev.dispositions.gateway.api;

import io.swagger.v3.oas.annotations.Operation;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dispositions.gateway.canonical.CanonicalDisposition;
import dev.dispositions.gateway.canonical.Outcome;
import dev.dispositions.gateway.config.TenantDirectory;
import dev.dispositions.gateway.crm.CrmCall;
import dev.dispositions.gateway.crm.CrmPreviews;
import dev.dispositions.gateway.crm.Delivery;
import dev.dispositions.gateway.delivery.DeliveryBatch;
import dev.dispositions.gateway.delivery.DeliveryItem;
import dev.dispositions.gateway.delivery.DeliveryResult;
import dev.dispositions.gateway.dialer.InboundWebhook;
import dev.dispositions.gateway.dialer.Normalized;
import dev.dispositions.gateway.ingest.HttpEdge;
import dev.dispositions.gateway.ingest.IngestPipeline;
import dev.dispositions.gateway.mapping.MappingCatalog;
import dev.dispositions.gateway.store.Redaction;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the gateway would make of a vendor payload, with the current mapping files and the tenant's own labels: the
 * canonical disposition, and for each connected CRM the exact requests its connector plans (activity, outcome
 * actions, do-not-contact), credentials left out as always. The read-only look-ups a delivery makes (who the person
 * is, the portal's dispositions, a Note already written) are made; nothing is stored or written, and the signature
 * is not checked (the caller holds the admin key). Send the payload exactly as the dialer would, with its content
 * type and any header that carries meaning (x-salesloft-event, webhook-id...).
 */
@RestController
public class PreviewController {
    static final String WHAT_IS_SENT = "look-ups were made as a delivery makes them (read-only); writes are shown, not sent. "
            + "A write that needs an earlier write's answer (HubSpot's link of a new call to its contact) is not shown; this "
            + "previews the call's first event (a later one updates the record the first wrote).";

    private final HttpEdge edge;
    private final IngestPipeline pipeline;
    private final TenantDirectory tenants;
    private final MappingCatalog mappings;
    private final CrmPreviews previews;
    private final ObjectMapper json;

    public PreviewController(HttpEdge edge, IngestPipeline pipeline, TenantDirectory tenants, MappingCatalog mappings,
                             CrmPreviews previews, ObjectMapper json) {
        this.edge = edge;
        this.pipeline = pipeline;
        this.tenants = tenants;
        this.mappings = mappings;
        this.previews = previews;
        this.json = json;
    }

    @dev.dispositions.gateway.access.Allowed(dev.dispositions.gateway.access.Role.TENANT_VIEWER)
    @Operation(summary = "Preview a vendor payload: its canonical disposition and each CRM's call, nothing stored or sent")
    @PostMapping("/api/preview/{tenant}/{dialer}")
    public Map<String, Object> preview(@PathVariable String tenant, @PathVariable String dialer, HttpServletRequest request) {
        InboundWebhook webhook = edge.accept(tenant, dialer, request);
        Normalized normalized = pipeline.interpret(webhook).normalized();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("tenant", tenant);
        out.put("dialer", dialer);
        out.put("signature", "not checked in a preview");
        if (normalized instanceof Normalized.Ignored ignored) {
            out.put("result", "ignored");
            out.put("reason", ignored.reason());
            return out;
        }
        List<Map<String, Object>> events = new ArrayList<>();
        for (CanonicalDisposition event : ((Normalized.Calls) normalized).events()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("canonical", event);
            one.put("warnings", event.warnings());
            Map<String, Object> crms = new LinkedHashMap<>();
            if (!event.isTerminal()) {
                one.put("note", "a call in progress is kept on its timeline and sent to no CRM");
            } else {
                one.put("sent", WHAT_IS_SENT);
                for (String crm : tenants.enabledCrms(tenant)) {
                    crms.put(crm, previewOf(tenant, crm, event));
                }
            }
            one.put("crms", crms);
            events.add(one);
        }
        out.put("result", "call");
        out.put("events", events);
        return out;
    }

    /** The deliveries ingest would make for the event in this CRM, as one batch through its connector's route. */
    private Map<String, Object> previewOf(String tenant, String crm, CanonicalDisposition event) {
        List<String> actions = new ArrayList<>(List.of(DeliveryItem.ACTIVITY));
        mappings.crm(crm).ifPresent(m -> actions.addAll(m.actionsFor(event.outcome() == null ? "" : event.outcome().name())));
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
        Delivery delivery = previews.preview(new DeliveryBatch(tenant, crm, items));
        List<Map<String, Object>> lookups = new ArrayList<>();
        List<Map<String, Object>> writes = new ArrayList<>();
        for (CrmCall call : delivery.previewed()) {
            (call.writes() ? writes : lookups).add(shown(call, actionOf));
        }
        java.util.Set<Long> written = new java.util.HashSet<>();
        delivery.previewed().stream().filter(CrmCall::writes).forEach(c -> written.addAll(c.items()));
        List<Map<String, Object>> withoutACall = new ArrayList<>();
        delivery.settled().forEach((id, r) -> {
            if (!written.contains(id)) {
                withoutACall.add(Map.of("for", actionOf.get(id), "result", r.kind().name(), "detail", Redaction.credentials(r.detail())));
            }
        });
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("lookups", lookups);
        shown.put("writes", writes);
        shown.put("withoutACall", withoutACall);
        return shown;
    }

    private Map<String, Object> shown(CrmCall call, Map<Long, String> actionOf) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("purpose", call.purpose());
        c.put("method", call.method());
        c.put("path", call.path());
        if (!call.query().isEmpty()) {
            c.put("query", call.query());
        }
        if (call.body() != null) {
            try {
                c.put("body", json.readTree(Redaction.credentials(call.body())));
            } catch (IOException e) {
                c.put("body", Redaction.credentials(call.body()));
            }
        }
        c.put("for", call.items().stream().map(actionOf::get).toList());
        return c;
    }
}
