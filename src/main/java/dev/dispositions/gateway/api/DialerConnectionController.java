package dev.dispositions.gateway.api;

import io.swagger.v3.oas.annotations.Operation;
import dev.dispositions.gateway.access.AdminAudit;
import dev.dispositions.gateway.access.Allowed;
import dev.dispositions.gateway.access.Caller;
import dev.dispositions.gateway.access.Role;
import dev.dispositions.gateway.config.TenantDirectory;
import dev.dispositions.gateway.dialer.DialerRegistry;
import dev.dispositions.gateway.mapping.PossibleOptOut;
import dev.dispositions.gateway.store.SecretBox;
import dev.dispositions.gateway.store.TenantRecords;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * A run-time tenant's dialer connections: the secret its webhooks are signed with (sealed with the token key, shown
 * as a fingerprint), and its rotation without a refused webhook: the new secret verifies at once, the old one until
 * the time given. Changes reach every replica within {@code gateway.tenant-refresh}.
 */
@RestController
public class DialerConnectionController {
    static final Duration DEFAULT_OVERLAP = Duration.ofHours(24);

    private final TenantRecords records;
    private final TenantDirectory directory;
    private final TenantController tenants;
    private final DialerRegistry dialers;
    private final SecretBox box;
    private final AdminAudit audit;
    private final Clock clock;

    public DialerConnectionController(TenantRecords records, TenantDirectory directory, TenantController tenants, DialerRegistry dialers,
                                      SecretBox box, AdminAudit audit, Clock clock) {
        this.records = records;
        this.directory = directory;
        this.tenants = tenants;
        this.dialers = dialers;
        this.box = box;
        this.audit = audit;
        this.clock = clock;
    }

    /** Every member optional on a change; a new connection needs {@code secret}. */
    public record DialerBody(Boolean enabled, String secret, String defaultRegion, String possibleOptOut) {
    }

    public record DialerAnswer(String tenant, TenantRecords.DialerView dialer) {
    }

    /** @param previousValidFor how long the replaced secret keeps verifying (ISO-8601 duration, default PT24H) */
    public record Rotation(String secret, String previousValidFor) {
    }

    @Allowed(Role.TENANT_ADMIN)
    @Operation(summary = "Connect a dialer to a run-time tenant, or change its connection")
    @PutMapping("/api/tenants/{tenant}/dialers/{dialer}")
    public DialerAnswer put(@PathVariable String tenant, @PathVariable String dialer, @RequestBody DialerBody body,
                                   HttpServletRequest request) {
        TenantRecords.DialerView existing = connection(tenant, dialer, false);
        String secret = secret(body.secret(), existing == null);
        String region = body.defaultRegion() == null ? existing == null ? "US" : existing.defaultRegion()
                : body.defaultRegion().toUpperCase(Locale.ROOT);
        if (!region.matches("[A-Z]{2}")) {
            throw new ApiProblem(400, "invalid_body", "defaultRegion", "defaultRegion is an ISO 3166 country code such as US or GB");
        }
        PossibleOptOut optOut = body.possibleOptOut() == null ? existing == null ? null : PossibleOptOut.parse(existing.possibleOptOut())
                : PossibleOptOut.parse(body.possibleOptOut());
        if (body.possibleOptOut() != null && optOut == null) {
            throw new ApiProblem(400, "invalid_body", "possibleOptOut", "possibleOptOut is do-not-contact or reject");
        }
        boolean enabled = body.enabled() == null ? existing == null || existing.enabled() : body.enabled();
        records.putDialer(tenant, dialer, new TenantRecords.DialerChange(enabled, secret, region, optOut), clock.instant());
        TenantRecords.DialerView now = connection(tenant, dialer, true);
        audit.record(Caller.of(request), existing == null ? "dialer.create" : "dialer.update", tenant, tenant + "/" + dialer,
                "enabled: " + enabled + "; region: " + region + (secret == null ? "" : "; secret " + now.secretFingerprint()));
        directory.refresh();
        return new DialerAnswer(tenant, now);
    }

    @Allowed(Role.TENANT_ADMIN)
    @Operation(summary = "Rotate a dialer connection's secret, the old one verifying for an overlap")
    @PostMapping("/api/tenants/{tenant}/dialers/{dialer}/rotate")
    public DialerAnswer rotate(@PathVariable String tenant, @PathVariable String dialer, @RequestBody Rotation body,
                                      HttpServletRequest request) {
        TenantRecords.DialerView before = connection(tenant, dialer, true);
        String secret = secret(body.secret(), true);
        Duration overlap;
        try {
            overlap = body.previousValidFor() == null ? DEFAULT_OVERLAP : Duration.parse(body.previousValidFor());
        } catch (DateTimeParseException e) {
            throw new ApiProblem(400, "invalid_body", "previousValidFor", "previousValidFor is an ISO-8601 duration such as PT24H");
        }
        if (overlap.isNegative() || overlap.compareTo(Duration.ofDays(30)) > 0) {
            throw new ApiProblem(400, "invalid_body", "previousValidFor", "previousValidFor is between PT0S and P30D");
        }
        Instant now = clock.instant();
        records.rotate(tenant, dialer, secret, now.plus(overlap), now);
        TenantRecords.DialerView after = connection(tenant, dialer, true);
        audit.record(Caller.of(request), "dialer.rotate", tenant, tenant + "/" + dialer, "secret " + before.secretFingerprint() + " -> "
                + after.secretFingerprint() + "; the old one verifies until " + after.previousSecretUntil());
        directory.refresh();
        return new DialerAnswer(tenant, after);
    }

    @Allowed(Role.TENANT_ADMIN)
    @Operation(summary = "Remove a dialer connection")
    @DeleteMapping("/api/tenants/{tenant}/dialers/{dialer}")
    public TenantController.Deleted delete(@PathVariable String tenant, @PathVariable String dialer, HttpServletRequest request) {
        connection(tenant, dialer, true);
        records.deleteDialer(tenant, dialer);
        audit.record(Caller.of(request), "dialer.delete", tenant, tenant + "/" + dialer, null);
        directory.refresh();
        return new TenantController.Deleted(tenant + "/" + dialer);
    }

    /** The tenant's connection to the dialer (null if none and {@code mustExist} is false). */
    private TenantRecords.DialerView connection(String tenant, String dialer, boolean mustExist) {
        tenants.writable(tenant, true);
        if (dialers.find(dialer).isEmpty()) {
            throw new ApiProblem(404, "unknown_dialer", "no dialer '" + dialer + "' (the dialers are those with a mapping file)");
        }
        TenantRecords.DialerView found = records.find(tenant).orElseThrow().dialers().stream().filter(d -> d.dialer().equals(dialer))
                .findFirst().orElse(null);
        if (found == null && mustExist) {
            throw new ApiProblem(404, "unknown_dialer_connection", "tenant '" + tenant + "' has no connection to dialer '" + dialer + "'");
        }
        return found;
    }

    private String secret(String secret, boolean required) {
        if (secret == null) {
            if (required) {
                throw new ApiProblem(400, "invalid_body", "secret", "secret is required: the key the dialer signs its webhooks with");
            }
            return null;
        }
        if (secret.strip().length() < 16 || secret.length() > 1000) {
            // A short secret is guessed, and could not be told apart in a stored payload to mask it.
            throw new ApiProblem(400, "invalid_body", "secret", "secret is 16 to 1000 characters");
        }
        if (!box.enabled()) {
            throw TenantController.tokenKeyMissing("secret", "secrets");
        }
        return secret;
    }
}
