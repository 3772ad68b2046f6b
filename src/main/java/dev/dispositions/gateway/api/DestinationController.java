package dev.dispositions.gateway.api;

import dev.dispositions.gateway.access.AdminAudit;
import dev.dispositions.gateway.access.Allowed;
import dev.dispositions.gateway.access.Caller;
import dev.dispositions.gateway.access.Role;
import dev.dispositions.gateway.canonical.Outcome;
import dev.dispositions.gateway.canonical.OutcomeCategory;
import dev.dispositions.gateway.config.Destination;
import dev.dispositions.gateway.config.TenantDirectory;
import dev.dispositions.gateway.destination.DestinationGuard;
import dev.dispositions.gateway.destination.EndpointGuard;
import dev.dispositions.gateway.store.DestinationRecords;
import dev.dispositions.gateway.store.SecretBox;
import dev.dispositions.gateway.store.TenantRecords;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * A tenant's webhook destinations: any HTTPS endpoint, with a filter, signed per Standard Webhooks with a
 * {@code whsec_} secret (made here unless given; shown once), rotated without a refused delivery. An endpoint whose
 * address is loopback, private, link-local or special-purpose is refused unless an operator allows the range.
 */
@RestController
public class DestinationController {
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
    private static final Duration MAX_OVERLAP = Duration.ofDays(30);
    /** Each destination takes dispatch lanes every tenant shares: a tenant has a handful, not hundreds. */
    static final int MAX_PER_TENANT = 20;
    private static final int MAX_LIST = 50;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DestinationRecords records;
    private final TenantRecords tenantRecords;
    private final TenantDirectory directory;
    private final DestinationGuard guard;
    private final SecretBox box;
    private final AdminAudit audit;
    private final Clock clock;

    public DestinationController(DestinationRecords records, TenantRecords tenantRecords, TenantDirectory directory, DestinationGuard guard,
                                 SecretBox box, AdminAudit audit, Clock clock) {
        this.records = records;
        this.tenantRecords = tenantRecords;
        this.directory = directory;
        this.guard = guard;
        this.box = box;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * @param secret        {@code whsec_} and base64 of at least 24 bytes; absent on a new destination: one is made and shown once
     * @param ratePerSecond the most POSTs a second the endpoint takes (1 to 1000); absent: no limit beyond the connector's lanes
     */
    public record DestinationBody(String url, Destination.Filter filter, Boolean enabled, Integer ratePerSecond, String secret) {
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
    @Operation(summary = "List a tenant's webhook destinations")
    @GetMapping("/api/tenants/{tenant}/destinations")
    public DestinationList list(@PathVariable String tenant) {
        requireTenant(tenant);
        return new DestinationList(tenant, records.of(tenant));
    }

    @Allowed(Role.TENANT_ADMIN)
    @Operation(summary = "Create or change a webhook destination: its URL (checked against private ranges), filter and secret")
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
        if (body == null || body.url() == null || body.url().isBlank()) {
            throw new ApiProblem(400, "invalid_body", "url", "the endpoint's https:// URL is required");
        }
        URI url = url(body.url());
        Destination.Filter filter = checked(body.filter() == null ? new Destination.Filter(null, null, null, null) : body.filter());
        if (!box.enabled()) {
            throw TenantController.tokenKeyMissing("secret", "a destination's signing secret");
        }
        String secret = body.secret() != null ? secret(body.secret()) : existing == null ? newSecret() : null;
        boolean enabled = body.enabled() == null || body.enabled();
        if (body.ratePerSecond() != null && (body.ratePerSecond() < 1 || body.ratePerSecond() > 1000)) {
            throw new ApiProblem(400, "invalid_body", "ratePerSecond", "between 1 and 1000 POSTs a second, or leave it out");
        }
        boolean stored;
        try {
            stored = records.put(tenant, id, url, filter, enabled, body.ratePerSecond(), secret, clock.instant());
        } catch (org.springframework.dao.DuplicateKeyException raced) {
            stored = false;
        }
        if (!stored) {
            throw new ApiProblem(409, "changed_meanwhile", "destination '" + id + "' was created or deleted by another request just now: "
                    + "read it again and send yours once more");
        }
        directory.refresh();
        audit.record(Caller.of(request), existing == null ? "destination.create" : "destination.update", tenant, tenant + "/" + id,
                "url " + url + "; filter " + filter + "; enabled: " + enabled + (secret == null ? "" : "; secret " + records.find(tenant, id)
                        .map(DestinationRecords.DestinationView::secretFingerprint).orElse("")));
        return new DestinationAnswer(tenant, records.find(tenant, id).orElseThrow(), body.secret() == null ? secret : null);
    }

    @Allowed(Role.TENANT_VIEWER)
    @Operation(summary = "Read one webhook destination (its secret as a fingerprint)")
    @GetMapping("/api/tenants/{tenant}/destinations/{id}")
    public DestinationAnswer one(@PathVariable String tenant, @PathVariable String id) {
        requireTenant(tenant);
        return new DestinationAnswer(tenant, find(tenant, id), null);
    }

    @Allowed(Role.TENANT_ADMIN)
    @Operation(summary = "Rotate a destination's signing secret: both sign until the old one's overlap ends")
    @PostMapping("/api/tenants/{tenant}/destinations/{id}/rotate")
    public DestinationAnswer rotate(@PathVariable String tenant, @PathVariable String id, @RequestBody(required = false) Rotation body,
                                    HttpServletRequest request) {
        requireTenant(tenant);
        var before = find(tenant, id);
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
        String secret = body != null && body.secret() != null ? secret(body.secret()) : newSecret();
        Instant now = clock.instant();
        records.rotate(tenant, id, secret, now.plus(overlap), now);
        directory.refresh();
        var after = find(tenant, id);
        audit.record(Caller.of(request), "destination.rotate", tenant, tenant + "/" + id, "secret " + before.secretFingerprint() + " -> "
                + after.secretFingerprint() + "; the old one signs until " + after.previousUntil());
        return new DestinationAnswer(tenant, after, body != null && body.secret() != null ? null : secret);
    }

    @Allowed(Role.TENANT_ADMIN)
    @Operation(summary = "Delete a webhook destination (refused while it has do-not-contact deliveries pending)")
    @DeleteMapping("/api/tenants/{tenant}/destinations/{id}")
    public TenantController.Deleted delete(@PathVariable String tenant, @PathVariable String id, HttpServletRequest request) {
        requireTenant(tenant);
        find(tenant, id);
        long pending = records.pending(tenant, id);
        if (pending > 0) {
            throw new ApiProblem(409, "deliveries_pending", "destination '" + id + "' has " + pending + " deliveries not settled yet: "
                    + "disable it (its events are kept), or wait until they are delivered or dead letters, then delete it");
        }
        TenantController.noOptOutWaiting(tenantRecords, tenant, Destination.CONNECTOR + ":" + id);
        records.delete(tenant, id);
        directory.refresh();
        audit.record(Caller.of(request), "destination.delete", tenant, tenant + "/" + id, null);
        return new TenantController.Deleted(tenant + "/" + id);
    }

    private URI url(String text) {
        URI url;
        try {
            url = URI.create(text.trim());
            if (url.getScheme() != null && url.getHost() != null) {
                // Camel finds its component by the scheme as written, and hosts compare lowercase.
                url = new URI(url.getScheme().toLowerCase(Locale.ROOT), url.getRawUserInfo(), url.getHost().toLowerCase(Locale.ROOT),
                        url.getPort(), url.getPath(), url.getQuery(), null);
            }
        } catch (IllegalArgumentException | java.net.URISyntaxException e) {
            throw new ApiProblem(400, "invalid_body", "url", "not a URL: " + e.getMessage());
        }
        if (text.length() > 2000) {
            throw new ApiProblem(400, "invalid_body", "url", "a URL is at most 2000 characters");
        }
        try {
            guard.check(url);
        } catch (EndpointGuard.Refused refused) {
            throw new ApiProblem(400, "endpoint_refused", "url", refused.getMessage());
        }
        return url;
    }

    private static Destination.Filter checked(Destination.Filter f) {
        for (var list : List.of(f.outcomes(), f.categories(), f.dialers(), f.kinds())) {
            if (list.size() > MAX_LIST || list.stream().anyMatch(v -> v == null || v.length() > 64)) {
                throw new ApiProblem(400, "invalid_body", "filter", "each filter list has at most " + MAX_LIST + " names of at most 64 characters");
            }
        }
        for (String d : f.dialers()) {
            if (!d.matches("[a-z0-9][a-z0-9-]{0,63}")) {
                throw new ApiProblem(400, "invalid_body", "filter.dialers", "'" + d + "' is not a dialer id (lowercase letters, digits, '-')");
            }
        }
        for (String o : f.outcomes()) {
            if (Outcome.byName(o) == null) {
                throw new ApiProblem(400, "invalid_body", "filter.outcomes", "'" + o + "' is not an outcome; known: " + Arrays.toString(Outcome.values()));
            }
        }
        List<String> categories = Arrays.stream(OutcomeCategory.values()).map(c -> c.name().toLowerCase(Locale.ROOT)).toList();
        for (String c : f.categories()) {
            if (!categories.contains(c)) {
                throw new ApiProblem(400, "invalid_body", "filter.categories", "'" + c + "' is not a category; known: " + categories);
            }
        }
        for (String k : f.kinds()) {
            if (!Destination.Filter.KINDS.contains(k)) {
                throw new ApiProblem(400, "invalid_body", "filter.kinds", "'" + k + "' is not a kind; known: " + Destination.Filter.KINDS);
            }
        }
        return f;
    }

    private static String secret(String given) {
        String b64 = given.startsWith("whsec_") ? given.substring(6) : null;
        byte[] key;
        try {
            key = b64 == null ? null : Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            key = null;
        }
        if (key == null || key.length < 24 || key.length > 64) {
            throw new ApiProblem(400, "invalid_body", "secret", "a signing secret is 'whsec_' and base64 of 24 to 64 random bytes; leave it out to have one made");
        }
        return given;
    }

    private static String newSecret() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
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
