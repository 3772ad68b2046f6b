package dev.dispositions.gateway.ingest;

import dev.dispositions.gateway.canonical.CanonicalDisposition;
import dev.dispositions.gateway.canonical.TextLimits;
import dev.dispositions.gateway.config.TenantDirectory;
import dev.dispositions.gateway.crm.CrmRegistry;
import dev.dispositions.gateway.dialer.DialerAdapter;
import dev.dispositions.gateway.dialer.DialerRegistry;
import dev.dispositions.gateway.dialer.InboundWebhook;
import dev.dispositions.gateway.dialer.Normalized;
import dev.dispositions.gateway.dialer.StrictJson;
import dev.dispositions.gateway.dialer.WebhookRejected;
import dev.dispositions.gateway.mapping.MappingCatalog;
import dev.dispositions.gateway.store.EventStore;
import dev.dispositions.gateway.store.Redaction;
import io.micrometer.core.instrument.MeterRegistry;
import dev.dispositions.gateway.config.GatewayProperties;
import java.util.List;
import org.apache.commons.codec.digest.DigestUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Ingest's steps: verify, normalize, store. Each step throws WebhookRejected to refuse. */
@Component("ingestPipeline")
public class IngestPipeline {
    private static final Logger log = LoggerFactory.getLogger(IngestPipeline.class);

    private final DialerRegistry dialers;
    private final TenantDirectory tenants;
    private final MappingCatalog mappings;
    private final EventStore store;
    private final MeterRegistry meters;
    private final LabelAlerts labelAlerts;
    private final GatewayProperties properties;

    private final CrmRegistry crms;
    private final java.time.Clock clock;
    private final dev.dispositions.gateway.overlay.TenantMappings tenantMappings;
    private final TenantActions actions;

    public IngestPipeline(DialerRegistry dialers, TenantDirectory tenants, MappingCatalog mappings, EventStore store,
                          MeterRegistry meters, LabelAlerts labelAlerts, GatewayProperties properties, CrmRegistry crms,
                          java.time.Clock clock, dev.dispositions.gateway.overlay.TenantMappings tenantMappings, TenantActions actions) {
        this.tenantMappings = tenantMappings;
        this.actions = actions;
        this.crms = crms;
        this.clock = clock;
        this.dialers = dialers;
        this.tenants = tenants;
        this.mappings = mappings;
        this.store = store;
        this.meters = meters;
        this.labelAlerts = labelAlerts;
        this.properties = properties;
    }

    /** A webhook after normalization, carried to the store step. */
    public record NormalizedWebhook(InboundWebhook webhook, Normalized normalized) {
    }

    /**
     * Verified with the connection's secret or, while a rotation runs ({@code previous-secret-until}), with the one it
     * replaced: a dialer switching to the new secret has no webhook refused meanwhile.
     */
    public void verify(InboundWebhook webhook) {
        var settings = tenants.dialer(webhook.tenant(), webhook.dialer()).orElseThrow();
        try {
            adapter(webhook).verify(webhook, settings);
        } catch (WebhookRejected refused) {
            var previous = settings.withPreviousSecret(clock.instant());
            if (refused.status() != 401 || previous.isEmpty()) {
                throw refused;
            }
            try {
                adapter(webhook).verify(webhook, previous.get());
            } catch (WebhookRejected alsoRefused) {
                throw refused;
            }
        }
    }

    /** Ingest's step: {@link #interpret}, counting refused opt-outs. */
    public NormalizedWebhook normalize(InboundWebhook webhook) {
        try {
            return interpret(webhook);
        } catch (WebhookRejected.PossibleOptOut refused) {
            labelAlerts.rejectedOptOut(webhook.tenant(), webhook.dialer(), refused.label());
            throw refused;
        }
    }

    /**
     * What the webhook means, with the tenant's labels and settings, and the vendor's time checked (the preview shows
     * exactly this). Pure: nothing is stored or counted.
     */
    public NormalizedWebhook interpret(InboundWebhook webhook) {
        return interpret(webhook, null);
    }

    /** The same with this dialer overlay instead of the tenant's (a dry run of an unsaved one); null for the tenant's. */
    public NormalizedWebhook interpret(InboundWebhook webhook, dev.dispositions.gateway.overlay.DialerOverlay dialerOverlay) {
        requireUtf8(webhook.body());
        if ("application/json".equals(webhook.contentType()) || webhook.contentType().endsWith("+json")) {
            StrictJson.check(webhook.body());
        }
        var settings = tenants.dialer(webhook.tenant(), webhook.dialer()).orElseThrow();
        var overlay = dialerOverlay == null ? tenantMappings.dialer(webhook.tenant(), webhook.dialer()) : dialerOverlay;
        var mapping = mappings.dialer(webhook.dialer()).orElseThrow().forTenant(overlay.labelsOver(settings.labels()),
                overlay.possibleOptOutOr(settings.possibleOptOut()));
        Normalized normalized = adapter(webhook).normalize(webhook, mapping, settings);
        if (normalized instanceof Normalized.Calls calls) {
            normalized = new Normalized.Calls(calls.events().stream()
                    .map(e -> TrustedTimes.check(e, webhook.receivedAt(), properties.ingest().maxFutureSkew()))
                    .map(e -> CrmIdCheck.check(e, crms)).map(TextLimits::bounded).toList(),
                    calls.vendorEventId());
        }
        return new NormalizedWebhook(webhook, normalized);
    }

    public IngestResult store(NormalizedWebhook in) {
        InboundWebhook webhook = in.webhook();
        if (in.normalized() instanceof Normalized.Ignored ignored) {
            meters.counter("gateway.ingest.ignored", "tenant", webhook.tenant(), "dialer", webhook.dialer()).increment();
            return new IngestResult(IngestResult.Status.IGNORED, List.of(), ignored.reason());
        }
        Normalized.Calls calls = (Normalized.Calls) in.normalized();
        String key = idempotencyKey(calls.vendorEventId(), webhook.body());
        // The raw request is kept for support with the dialer's secret masked (Aircall sends its token in the body).
        String masked = webhook.bodyText();
        for (String secret : tenants.secretsToMask(webhook.tenant(), webhook.dialer())) {
            masked = Redaction.dialerSecret(masked, webhook.contentType(), secret);
        }
        EventStore.Request kept = new EventStore.Request(webhook.tenant(), webhook.dialer(), webhook.contentType(), masked,
                webhook.receivedAt());
        EventStore.Stored stored = store.store(kept, key, calls.events(), tenants.enabledCrms(webhook.tenant()), actions.of(webhook.tenant()));
        if (stored.duplicate()) {
            log.info("redelivery of {} events {} from {}/{}", key, stored.eventIds(), webhook.tenant(), webhook.dialer());
            return new IngestResult(IngestResult.Status.DUPLICATE, stored.eventIds(), null);
        }
        for (CanonicalDisposition e : calls.events()) {
            labelAlerts.accepted(e);
            meters.counter("gateway.calls", "tenant", webhook.tenant(), "dialer", webhook.dialer(),
                    "outcome", e.outcome() == null ? "IN_PROGRESS" : e.outcome().name(),
                    "category", e.outcome() == null ? "in_progress" : e.outcome().category().name().toLowerCase(java.util.Locale.ROOT))
                    .increment();
        }
        org.slf4j.MDC.put("tenant", webhook.tenant());
        org.slf4j.MDC.put("dialer", webhook.dialer());
        org.slf4j.MDC.put("eventId", String.join(",", stored.eventIds()));
        try {
            // Thousands a second at load: the per-webhook story is in the database and the metrics.
            log.debug("accepted events {} (call {}, outcome {}) from {}/{}", stored.eventIds(), calls.events().get(0).callId(),
                    calls.events().get(0).outcome(), webhook.tenant(), webhook.dialer());
        } finally {
            org.slf4j.MDC.remove("tenant");
            org.slf4j.MDC.remove("dialer");
            org.slf4j.MDC.remove("eventId");
        }
        return new IngestResult(IngestResult.Status.ACCEPTED, stored.eventIds(), null);
    }

    /** Every body we accept is text; bytes that are not UTF-8 would be silently replaced, so they are refused. */
    private static void requireUtf8(byte[] body) {
        try {
            java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(body));
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new dev.dispositions.gateway.dialer.WebhookRejected(400, "invalid_encoding", null, "the body is not valid UTF-8");
        }
    }

    /** Vendor ids can be long composites; the key column holds 255 characters, so long ones are hashed. */
    static String idempotencyKey(String vendorEventId, byte[] body) {
        if (vendorEventId == null) {
            return "sha256:" + DigestUtils.sha256Hex(body);
        }
        return vendorEventId.length() <= 200 ? vendorEventId : "sha256-id:" + DigestUtils.sha256Hex(vendorEventId);
    }

    private DialerAdapter adapter(InboundWebhook webhook) {
        return dialers.find(webhook.dialer()).orElseThrow();
    }
}
