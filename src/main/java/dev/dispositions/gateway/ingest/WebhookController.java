package dev.dispositions.gateway.ingest;

import io.swagger.v3.oas.annotations.Operation;
import dev.dispositions.gateway.config.TenantDirectory;
import dev.dispositions.gateway.dialer.InboundWebhook;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import dev.dispositions.gateway.store.EventStore;
import dev.dispositions.gateway.store.GroupCommit;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The HTTP edge of ingest: the raw request passes {@link HttpEdge}'s checks, then its exact bytes are verified,
 * normalized and stored by {@link IngestPipeline}, plain Java on the request's thread: the store's group commit
 * answers after the commit that holds the webhook, so a route in between would only forward.
 */
@RestController
public class WebhookController {
    private final HttpEdge edge;
    private final IngestPipeline pipeline;
    private final EventStore store;

    public WebhookController(HttpEdge edge, IngestPipeline pipeline, EventStore store) {
        this.edge = edge;
        this.pipeline = pipeline;
        this.store = store;
    }

    /** Single-tenant installs: the {@code default} tenant. */
    @Operation(summary = "Receive a dialer's webhook for the default tenant")
    @PostMapping("/webhooks/{dialer}")
    public ResponseEntity<Map<String, Object>> receiveForDefaultTenant(@PathVariable String dialer, HttpServletRequest request) {
        return receive(TenantDirectory.DEFAULT_TENANT, dialer, request);
    }

    @Operation(summary = "Receive a dialer's webhook for a tenant")
    @PostMapping("/webhooks/{tenant}/{dialer}")
    public ResponseEntity<Map<String, Object>> receive(@PathVariable String tenant, @PathVariable String dialer,
                                                       HttpServletRequest request) {
        InboundWebhook webhook = edge.accept(tenant, dialer, request);
        if (!store.isRunning()) {
            throw new NotReady();
        }
        pipeline.verify(webhook);
        try {
            return respond(pipeline.store(pipeline.normalize(webhook)));
        } catch (GroupCommit.NotRunning notStored) {
            // the store stopped while this request was on its way in, or did not answer in time
            throw new NotReady(notStored.getMessage());
        }
    }

    /** 503 with Retry-After: the gateway is starting or stopping. */
    public static final class NotReady extends RuntimeException {
        public static final int RETRY_AFTER_SECONDS = 5;

        NotReady() {
            this("the gateway is starting or stopping; nothing was stored, retry in a few seconds");
        }

        NotReady(String message) {
            super(message, null, false, false);
        }
    }
    private static ResponseEntity<Map<String, Object>> respond(IngestResult result) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", result.status().name().toLowerCase(Locale.ROOT));
        if (!result.eventIds().isEmpty()) {
            out.put("eventId", result.eventIds().get(0));
            if (result.eventIds().size() > 1) {
                out.put("eventIds", result.eventIds());
            }
        }
        if (result.reason() != null) {
            out.put("reason", result.reason());
        }
        HttpStatus status = result.status() == IngestResult.Status.ACCEPTED ? HttpStatus.ACCEPTED : HttpStatus.OK;
        return ResponseEntity.status(status).body(out);
    }
}
