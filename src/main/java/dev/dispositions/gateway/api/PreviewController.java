package dev.dispositions.gateway.api;

import io.swagger.v3.oas.annotations.Operation;
import dev.dispositions.gateway.canonical.CanonicalDisposition;
import dev.dispositions.gateway.config.TenantDirectory;
import dev.dispositions.gateway.dialer.InboundWebhook;
import dev.dispositions.gateway.dialer.Normalized;
import dev.dispositions.gateway.ingest.HttpEdge;
import dev.dispositions.gateway.ingest.IngestPipeline;
import jakarta.servlet.http.HttpServletRequest;
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
    static final String NOT_CHECKED = "not checked in a preview";
    static final String WHAT_IS_SENT = "look-ups were made as a delivery makes them (read-only); writes are shown, not sent. "
            + "A write that needs an earlier write's answer (HubSpot's link of a new call to its contact) is not shown; this "
            + "previews the call's first event (a later one updates the record the first wrote).";

    private final HttpEdge edge;
    private final IngestPipeline pipeline;
    private final TenantDirectory tenants;
    private final CrmPlans plans;

    public PreviewController(HttpEdge edge, IngestPipeline pipeline, TenantDirectory tenants, CrmPlans plans) {
        this.edge = edge;
        this.pipeline = pipeline;
        this.tenants = tenants;
        this.plans = plans;
    }

    @dev.dispositions.gateway.access.Allowed(dev.dispositions.gateway.access.Role.TENANT_VIEWER)
    @Operation(summary = "Preview a vendor payload: its canonical disposition and each CRM's call, nothing stored or sent")
    @PostMapping("/api/preview/{tenant}/{dialer}")
    public PreviewReport preview(@PathVariable String tenant, @PathVariable String dialer, HttpServletRequest request) {
        InboundWebhook webhook = edge.accept(tenant, dialer, request);
        Normalized normalized = pipeline.interpret(webhook).normalized();
        if (normalized instanceof Normalized.Ignored ignored) {
            return new PreviewReport(tenant, dialer, NOT_CHECKED, "ignored", ignored.reason(), null);
        }
        List<PreviewReport.PreviewedEvent> events = new ArrayList<>();
        for (CanonicalDisposition event : ((Normalized.Calls) normalized).events()) {
            if (!event.isTerminal()) {
                events.add(new PreviewReport.PreviewedEvent(event, event.warnings(), "a call in progress is kept on its timeline and sent to no CRM",
                        null, Map.of()));
                continue;
            }
            Map<String, PreviewReport.CrmPlan> crms = new LinkedHashMap<>();
            for (String crm : tenants.enabledCrms(tenant)) {
                crms.put(crm, plans.planOf(tenant, crm, event, null));
            }
            events.add(new PreviewReport.PreviewedEvent(event, event.warnings(), null, WHAT_IS_SENT, crms));
        }
        return new PreviewReport(tenant, dialer, NOT_CHECKED, "call", null, events);
    }

}
