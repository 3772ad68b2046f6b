package dev.dispositions.gateway.api;

import dev.dispositions.gateway.access.AdminAudit;
import dev.dispositions.gateway.access.Allowed;
import dev.dispositions.gateway.access.Caller;
import dev.dispositions.gateway.access.Role;
import dev.dispositions.gateway.config.Destination;
import dev.dispositions.gateway.config.TenantDirectory;
import dev.dispositions.gateway.destination.DestinationGuard;
import dev.dispositions.gateway.destination.KafkaCluster;
import dev.dispositions.gateway.store.ConnectorStates;
import dev.dispositions.gateway.store.DestinationRecords;
import dev.dispositions.gateway.store.SecretBox;
import dev.dispositions.gateway.store.TenantRecords;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * A tenant's destinations, each with a filter: any HTTPS endpoint, signed per Standard Webhooks with a {@code whsec_}
 * secret (made here unless given; shown once), rotated without a refused delivery; or a topic on the operator's Kafka
 * cluster. An endpoint whose address is loopback, private, link-local or special-purpose is refused unless an
 * operator allows the range.
 */
@RestController
public class DestinationController {
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
    private static final Duration MAX_OVERLAP = Duration.ofDays(30);
    /** Each destination takes dispatch lanes every tenant shares: a tenant has a handful, not hundreds. */
    static final int MAX_PER_TENANT = 20;

    private final DestinationRecords records;
    private final ConnectorStates states;
    private final TenantRecords tenantRecords;
    private final TenantDirectory directory;
    private final DestinationGuard guard;
    private final KafkaCluster kafka;
    private final SecretBox box;
    private final AdminAudit audit;
    private final Clock clock;

    public DestinationController(DestinationRecords records, ConnectorStates states, TenantRecords tenantRecords, TenantDirectory directory,
                                 DestinationGuard guard, KafkaCluster kafka, SecretBox box, AdminAudit audit, Clock clock) {
        this.records = records;
        this.states = states;
        this.tenantRecords = tenantRecords;
        this.directory = directory;
        this.guard = guard;
        this.kafka = kafka;
        this.box = box;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * @param type          {@code webhook} (the default) or {@code kafka}; a destination keeps the type it was made with
     * @param url           a webhook's https:// endpoint
     * @param topic         a Kafka destination's topic, starting with the operator's prefix ({@code <tenant>.} unless set otherwise)
     * @param secret        a webhook's {@code whsec_} and base64 of at least 24 bytes; absent on a new one: one is made and shown once
     * @param ratePerSecond the most POSTs a second a webhook's endpoint takes (1 to 1000); absent: no limit beyond the connector's lanes
     */
    public record DestinationBody(String type, String url, String topic, Destination.Filter filter, Boolean enabled, Integer ratePerSecond,
                                  String secret) {
    }

    /** @param secret the signing secret, shown only in the answer that made it */
    public record DestinationAnswer(String tenant, DestinationRecords.DestinationView destination, String secret) {
    }

    public record DestinationList(String tenant, List<DestinationRecords.DestinationView> destinations) {
    }

    /** @param previousValidFor how long the replaced secret still signs beside the new one (ISO-8601, default PT24H, at most P30D) */
    public record Rotation(String secret, String previousValidFor) {
    }

    @Allowed(Role.TENANT_VIEWER)
    @Operation(summary = "List a tenant's destinations (webhooks and Kafka topics)")
    @GetMapping("/api/tenants/{tenant}/destinations")
    public DestinationList list(@PathVariable String tenant) {
        requireTenant(tenant);
        return new DestinationList(tenant, records.of(tenant));
    }

    @Allowed(Role.TENANT_ADMIN)
    @Operation(summary = "Create or change a destination: a webhook (its URL checked against private ranges, its secret) or a Kafka topic, "
            + "and its filter")
    @PutMapping("/api/tenants/{tenant}/destinations/{id}")
    public DestinationAnswer put(@PathVariable String tenant, @PathVariable String id, @RequestBody DestinationBody body, HttpServletRequest request) {
        requireTenant(tenant);
        if (!ID.matcher(id).matches()) {
            throw new ApiProblem(400, "invalid_parameter", "id", "a destination id is lowercase letters, digits and '-', at most 40");
        }
        var existing = records.find(tenant, id).orElse(null);
        if (existing == null && records.count(tenant) >= MAX_PER_TENANT) {
            throw new ApiProblem(409, "too_many_destinations", "tenant '" + tenant + "' has " + MAX_PER_TENANT
                    + " destinations, the most one tenant may have: delete one first");
        }
        DestinationBody b = body == null ? new DestinationBody(null, null, null, null, null, null, null) : body;
        String type = b.type() != null ? b.type() : existing != null ? existing.type() : Destination.WEBHOOK;
        if (!Destination.TYPES.contains(type)) {
            throw new ApiProblem(400, "invalid_body", "type", "'" + type + "' is not a destination type; known: " + Destination.TYPES);
        }
        if (existing != null && !existing.type().equals(type)) {
            throw new ApiProblem(409, "type_fixed", "destination '" + id + "' is a " + existing.type() + " destination, and a destination keeps "
                    + "the type it was made with: delete it and make a new one");
        }
        Destination.Filter filter = DestinationInput.filter(b.filter());
        boolean enabled = b.enabled() == null || b.enabled();
        DestinationRecords.Target target;
        String secret;
        if (Destination.WEBHOOK.equals(type)) {
            secret = DestinationInput.webhookSecret(b, existing == null, box);
            target = DestinationRecords.Target.webhook(DestinationInput.url(b.url(), guard));
        } else {
            target = DestinationRecords.Target.kafka(DestinationInput.kafkaTopic(tenant, b, kafka));
            secret = null;
        }
        boolean stored;
        try {
            stored = records.put(tenant, id, target, filter, enabled, b.ratePerSecond(), secret, existing == null, clock.instant());
        } catch (org.springframework.dao.DuplicateKeyException raced) {
            stored = false;
        }
        if (!stored) {
            throw new ApiProblem(409, "changed_meanwhile", "destination '" + id + "' was created or deleted by another request just now: "
                    + "read it again and send yours once more");
        }
        directory.refresh();
        audit.record(Caller.of(request), existing == null ? "destination.create" : "destination.update", tenant, tenant + "/" + id,
                (target.url() != null ? "url " + target.url() : "topic " + target.topic()) + "; filter " + filter + "; enabled: " + enabled
                        + (secret == null ? "" : "; secret " + records.find(tenant, id).map(DestinationRecords.DestinationView::secretFingerprint).orElse("")));
        return new DestinationAnswer(tenant, records.find(tenant, id).orElseThrow(), b.secret() == null ? secret : null);
    }

    @Allowed(Role.TENANT_VIEWER)
    @Operation(summary = "Read one destination (a webhook's secret as a fingerprint)")
    @GetMapping("/api/tenants/{tenant}/destinations/{id}")
    public DestinationAnswer one(@PathVariable String tenant, @PathVariable String id) {
        requireTenant(tenant);
        return new DestinationAnswer(tenant, find(tenant, id), null);
    }

    @Allowed(Role.TENANT_ADMIN)
    @Operation(summary = "Rotate a webhook destination's signing secret: both sign until the old one's overlap ends")
    @PostMapping("/api/tenants/{tenant}/destinations/{id}/rotate")
    public DestinationAnswer rotate(@PathVariable String tenant, @PathVariable String id, @RequestBody(required = false) Rotation body,
                                    HttpServletRequest request) {
        requireTenant(tenant);
        var before = find(tenant, id);
        if (!Destination.WEBHOOK.equals(before.type())) {
            throw new ApiProblem(409, "not_signed", "destination '" + id + "' is a " + before.type() + " destination: its records are not "
                    + "signed, so it has no secret to rotate");
        }
        Duration overlap;
        try {
            overlap = body == null || body.previousValidFor() == null ? Duration.ofHours(24) : Duration.parse(body.previousValidFor());
        } catch (java.time.format.DateTimeParseException e) {
            throw new ApiProblem(400, "invalid_body", "previousValidFor", "an ISO-8601 duration such as PT24H");
        }
        if (overlap.isNegative() || overlap.compareTo(MAX_OVERLAP) > 0) {
            throw new ApiProblem(400, "invalid_body", "previousValidFor", "between PT0S and P30D");
        }
        if (!box.enabled()) {
            throw TenantController.tokenKeyMissing("secret", "a destination's signing secret");
        }
        String secret = body != null && body.secret() != null ? DestinationInput.secret(body.secret()) : DestinationInput.newSecret();
        Instant now = clock.instant();
        records.rotate(tenant, id, secret, now.plus(overlap), now);
        directory.refresh();
        var after = find(tenant, id);
        audit.record(Caller.of(request), "destination.rotate", tenant, tenant + "/" + id, "secret " + before.secretFingerprint() + " -> "
                + after.secretFingerprint() + "; the old one signs until " + after.previousUntil());
        return new DestinationAnswer(tenant, after, body != null && body.secret() != null ? null : secret);
    }

    @Allowed(Role.TENANT_ADMIN)
    @Operation(summary = "Delete a destination (refused while it has deliveries pending)")
    @DeleteMapping("/api/tenants/{tenant}/destinations/{id}")
    public TenantController.Deleted delete(@PathVariable String tenant, @PathVariable String id, HttpServletRequest request) {
        requireTenant(tenant);
        String connector = find(tenant, id).connectorId();
        long pending = records.pending(tenant, connector);
        if (pending > 0) {
            throw new ApiProblem(409, "deliveries_pending", "destination '" + id + "' has " + pending + " deliveries not settled yet: "
                    + "disable it (its events are kept), or wait until they are delivered or dead letters, then delete it");
        }
        TenantController.noOptOutWaiting(tenantRecords, tenant, connector);
        records.delete(tenant, id);
        states.forget(tenant, connector);
        directory.refresh();
        audit.record(Caller.of(request), "destination.delete", tenant, tenant + "/" + id, null);
        return new TenantController.Deleted(tenant + "/" + id);
    }

    private DestinationRecords.DestinationView find(String tenant, String id) {
        return records.find(tenant, id).orElseThrow(() -> new ApiProblem(404, "unknown_destination", "tenant '" + tenant + "' has no destination '" + id + "'"));
    }

    private void requireTenant(String tenant) {
        if (!directory.exists(tenant)) {
            throw Scopes.unknownTenant(tenant);
        }
    }
}
