package dev.dispositions.gateway.api;

import dev.dispositions.gateway.canonical.CanonicalDisposition;
import dev.dispositions.gateway.config.TenantDirectory;
import dev.dispositions.gateway.dialer.InboundWebhook;
import dev.dispositions.gateway.dialer.Normalized;
import dev.dispositions.gateway.ingest.HttpEdge;
import dev.dispositions.gateway.ingest.IngestPipeline;
import dev.dispositions.gateway.mapping.ActivityRenderer;
import dev.dispositions.gateway.mapping.MappingCatalog;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the gateway would make of a vendor payload, with the current mapping files and the tenant's own labels:
 * the canonical disposition and each connected CRM's activity. Nothing is stored or sent, and the signature is not
 * checked (the caller holds the admin key). Send the payload exactly as the dialer would, with its content type
 * and any header that carries meaning (x-salesloft-event, webhook-id...).
 */
@RestController
public class PreviewController {
    private final HttpEdge edge;
    private final IngestPipeline pipeline;
    private final TenantDirectory tenants;
    private final MappingCatalog mappings;

    public PreviewController(HttpEdge edge, IngestPipeline pipeline, TenantDirectory tenants, MappingCatalog mappings) {
        this.edge = edge;
        this.pipeline = pipeline;
        this.tenants = tenants;
        this.mappings = mappings;
    }

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
                for (String crm : tenants.enabledCrms(tenant)) {
                    mappings.crm(crm).ifPresent(m -> {
                        ActivityRenderer.Rendering r = ActivityRenderer.render(event, m);
                        crms.put(crm, r instanceof ActivityRenderer.Activity a
                                ? Map.of("object", a.object(), "fields", a.fields())
                                : Map.of("skip", ((ActivityRenderer.Skip) r).reason()));
                    });
                }
            }
            one.put("crms", crms);
            events.add(one);
        }
        out.put("result", "call");
        out.put("events", events);
        return out;
    }
}
