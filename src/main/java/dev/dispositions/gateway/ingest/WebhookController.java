package dev.dispositions.gateway.ingest;

import dev.dispositions.gateway.config.TenantDirectory;
import dev.dispositions.gateway.dialer.InboundWebhook;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The HTTP edge of ingest: the raw request passes {@link HttpEdge}'s checks, then its exact bytes go to the
 * {@code ingest-webhook} route, which verifies, normalizes and stores them.
 */
@RestController
public class WebhookController {
    static final String INGEST_ROUTE = "direct:ingest-webhook";
    static final String INGEST_ROUTE_ID = "ingest-webhook";

    private final HttpEdge edge;
    private final ProducerTemplate producer;
    private final CamelContext camel;

    public WebhookController(HttpEdge edge, ProducerTemplate producer, CamelContext camel) {
        this.edge = edge;
        this.producer = producer;
        this.camel = camel;
    }

    /** Single-tenant installs: the {@code default} tenant. */
    @PostMapping("/webhooks/{dialer}")
    public ResponseEntity<Map<String, Object>> receiveForDefaultTenant(@PathVariable String dialer, HttpServletRequest request) {
        return receive(TenantDirectory.DEFAULT_TENANT, dialer, request);
    }

    @PostMapping("/webhooks/{tenant}/{dialer}")
    public ResponseEntity<Map<String, Object>> receive(@PathVariable String tenant, @PathVariable String dialer,
                                                       HttpServletRequest request) {
        InboundWebhook webhook = edge.accept(tenant, dialer, request);
        requireRunning();
        IngestResult result;
        try {
            result = producer.requestBody(INGEST_ROUTE, webhook, IngestResult.class);
        } catch (CamelExecutionException e) {
            requireRunning(); // the pipeline stopped while this request was on its way in (a checked cause then)
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        } catch (RuntimeException e) {
            requireRunning(); // the pipeline stopped while this request was on its way in
            throw e;
        }
        return respond(result);
    }

    /** While the pipeline starts or stops, nothing can be stored: the dialer is told to retry, never given a 500. */
    private void requireRunning() {
        var route = camel.getRouteController().getRouteStatus(INGEST_ROUTE_ID);
        if (!camel.isStarted() || route == null || !route.isStarted()) {
            throw new NotReady();
        }
    }

    /** 503 with Retry-After: the gateway is starting or stopping. */
    public static final class NotReady extends RuntimeException {
        public static final int RETRY_AFTER_SECONDS = 5;

        NotReady() {
            super("the gateway is starting or stopping; nothing was stored, retry in a few seconds", null, false, false);
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
