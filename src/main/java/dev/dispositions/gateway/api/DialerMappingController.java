package dev.dispositions.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dispositions.gateway.access.Allowed;
import dev.dispositions.gateway.access.Caller;
import dev.dispositions.gateway.access.Role;
import dev.dispositions.gateway.config.GatewayProperties.DialerSettings;
import dev.dispositions.gateway.config.TenantDirectory;
import dev.dispositions.gateway.mapping.DialerMapping;
import dev.dispositions.gateway.mapping.LabelResolution;
import dev.dispositions.gateway.mapping.MappingCatalog;
import dev.dispositions.gateway.mapping.MappingFileException;
import dev.dispositions.gateway.mapping.MappingProblem;
import dev.dispositions.gateway.overlay.DialerOverlay;
import dev.dispositions.gateway.overlay.TenantMappings;
import dev.dispositions.gateway.store.MappingOverlayRecords;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * A tenant's own labels for a dialer and what an unmapped opt-out-like label becomes, as a versioned overlay over the
 * dialer's file and the tenant's configured labels; an opt-out label cannot be mapped away from DO_NOT_CONTACT.
 */
@RestController
public class DialerMappingController {
    private static final String KIND = MappingOverlayRecords.DIALER;
    private static final int MAX_LABELS = 500;

    private final OverlayVersions versions;
    private final TenantMappings mappings;
    private final MappingCatalog files;
    private final TenantDirectory tenants;

    public DialerMappingController(OverlayVersions versions, TenantMappings mappings, MappingCatalog files, TenantDirectory tenants) {
        this.versions = versions;
        this.mappings = mappings;
        this.files = files;
        this.tenants = tenants;
    }

    /** @param source {@code file}, {@code tenant} (its configuration or dialer connection) or {@code overlay} */
    public record EffectiveLabel(String label, String outcome, String source) {
    }

    /** @param labels every label the tenant's webhooks are read with, and where each comes from */
    public record DialerMappingView(String tenant, String dialer, String file, int version, OffsetDateTime updatedAt, String updatedBy,
                                   JsonNode overlay, String possibleOptOut, String possibleOptOutSource, List<EffectiveLabel> labels) {
    }

    /** @param labels labels to read under the overlay (absent: the overlay's own) */
    public record DryRun(JsonNode overlay, List<String> labels, Integer durationSeconds) {
    }

    public record LabelTry(String label, String outcomeNow, String kindNow, String outcomeWithOverlay, String kindWithOverlay) {
    }

    public record DryRunReport(String tenant, String dialer, boolean valid, List<MappingProblem> problems, List<LabelTry> labels) {
    }

    @Allowed(Role.TENANT_VIEWER)
    @Operation(summary = "Read a tenant's labels for a dialer: the file's, the tenant's and the overlay's, which is which")
    @GetMapping("/api/tenants/{tenant}/mappings/dialers/{dialer}")
    public DialerMappingView read(@PathVariable String tenant, @PathVariable String dialer) {
        DialerMapping file = requireKnown(tenant, dialer);
        var current = versions.current(tenant, KIND, dialer);
        JsonNode body = current.map(versions::body).orElse(null);
        DialerOverlay overlay = body == null ? DialerOverlay.NONE : mappings.dialerOverlay(body);
        DialerSettings settings = tenants.dialer(tenant, dialer).orElse(null);
        Map<String, String> tenantLabels = settings == null ? Map.of() : settings.labels();
        List<EffectiveLabel> labels = new ArrayList<>();
        file.labels().forEach((label, rule) -> labels.add(new EffectiveLabel(label, rule.outcome() != null ? rule.outcome()
                : "by duration: " + rule.byDuration().then() + " from " + rule.byDuration().atLeastSeconds() + " s, else "
                + rule.byDuration().otherwise(), "file")));
        overlay.labelsOver(tenantLabels).forEach((label, outcome) -> {
            labels.removeIf(l -> dev.dispositions.gateway.mapping.LabelNormalForm.same(l.label(), label));
            labels.add(new EffectiveLabel(label, outcome, overlay.labels().containsKey(label) ? "overlay" : "tenant"));
        });
        var tenantOptOut = settings == null ? null : settings.possibleOptOut();
        var optOut = overlay.possibleOptOutOr(tenantOptOut);
        return new DialerMappingView(tenant, dialer, "mappings/dialers/" + dialer + ".yaml", current.map(MappingOverlayRecords.Version::version)
                .orElse(0), current.map(MappingOverlayRecords.Version::createdAt).orElse(null), current.map(MappingOverlayRecords.Version::actor)
                .orElse(null), body, (optOut != null ? optOut : file.possibleOptOut()).written(), overlay.possibleOptOut() != null ? "overlay"
                : tenantOptOut != null ? "tenant" : "file", labels);
    }

    @Allowed(Role.TENANT_ADMIN)
    @Operation(summary = "Save a tenant's labels for a dialer as a new version, after the label checks")
    @PutMapping("/api/tenants/{tenant}/mappings/dialers/{dialer}")
    public DialerMappingView save(@PathVariable String tenant, @PathVariable String dialer, @RequestBody OverlayVersions.OverlayChange change,
                                  HttpServletRequest request) {
        DialerMapping file = requireKnown(tenant, dialer);
        JsonNode overlay = versions.overlayOf(change);
        versions.save(Caller.of(request), tenant, KIND, dialer, overlay, change.baseVersion(), change.note(), o -> check(tenant, dialer, file, o),
                "dialer-mapping.save");
        return read(tenant, dialer);
    }

    @Allowed(Role.TENANT_ADMIN)
    @Operation(summary = "Take a tenant's dialer overlay away (a new, empty version)")
    @DeleteMapping("/api/tenants/{tenant}/mappings/dialers/{dialer}")
    public DialerMappingView clear(@PathVariable String tenant, @PathVariable String dialer, HttpServletRequest request) {
        requireKnown(tenant, dialer);
        versions.save(Caller.of(request), tenant, KIND, dialer, com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode(),
                null, "back to the file", o -> { }, "dialer-mapping.clear");
        return read(tenant, dialer);
    }

    @Allowed(Role.TENANT_VIEWER)
    @Operation(summary = "List the kept versions of a tenant's dialer overlay, newest first")
    @GetMapping("/api/tenants/{tenant}/mappings/dialers/{dialer}/versions")
    public OverlayVersions.History history(@PathVariable String tenant, @PathVariable String dialer) {
        requireKnown(tenant, dialer);
        return versions.history(tenant, KIND, dialer);
    }

    @Allowed(Role.TENANT_ADMIN)
    @Operation(summary = "Roll a tenant's dialer overlay back to a kept version (saved as a new version)")
    @PostMapping("/api/tenants/{tenant}/mappings/dialers/{dialer}/rollback")
    public DialerMappingView rollback(@PathVariable String tenant, @PathVariable String dialer, @RequestBody OverlayVersions.Rollback to,
                                      HttpServletRequest request) {
        DialerMapping file = requireKnown(tenant, dialer);
        versions.rollback(Caller.of(request), tenant, KIND, dialer, to, o -> check(tenant, dialer, file, o));
        return read(tenant, dialer);
    }

    @Allowed(Role.TENANT_ADMIN)
    @Operation(summary = "Dry-run an unsaved dialer overlay: its findings, and how labels read now and with it")
    @PostMapping("/api/tenants/{tenant}/mappings/dialers/{dialer}/dry-run")
    public DryRunReport dryRun(@PathVariable String tenant, @PathVariable String dialer, @RequestBody DryRun body) {
        DialerMapping file = requireKnown(tenant, dialer);
        JsonNode overlay = versions.overlayOf(new OverlayVersions.OverlayChange(body == null ? null : body.overlay(), null, null));
        if (body.labels() != null && body.labels().size() > MAX_LABELS) {
            throw new ApiProblem(400, "invalid_body", "labels", "at most " + MAX_LABELS + " labels");
        }
        DialerOverlay candidate;
        try {
            candidate = check(tenant, dialer, file, overlay);
        } catch (MappingFileException e) {
            return new DryRunReport(tenant, dialer, false, e.problems(), List.of());
        }
        DialerSettings settings = tenants.dialer(tenant, dialer).orElse(null);
        DialerMapping now = withOverlay(file, settings, mappings.dialer(tenant, dialer));
        DialerMapping then = withOverlay(file, settings, candidate);
        List<LabelTry> tries = new ArrayList<>();
        for (String label : body.labels() != null ? body.labels() : List.copyOf(candidate.labels().keySet())) {
            LabelResolution a = now.resolve(label, body.durationSeconds());
            LabelResolution b = then.resolve(label, body.durationSeconds());
            tries.add(new LabelTry(label, a.outcome() == null ? null : a.outcome().name(), a.kind().name(),
                    b.outcome() == null ? null : b.outcome().name(), b.kind().name()));
        }
        return new DryRunReport(tenant, dialer, true, List.of(), tries);
    }

    private static DialerMapping withOverlay(DialerMapping file, DialerSettings settings, DialerOverlay overlay) {
        return file.forTenant(overlay.labelsOver(settings == null ? Map.of() : settings.labels()),
                overlay.possibleOptOutOr(settings == null ? null : settings.possibleOptOut()));
    }

    private DialerOverlay check(String tenant, String dialer, DialerMapping file, JsonNode body) {
        String source = TenantMappings.source(tenant, dialer);
        List<MappingProblem> problems = new ArrayList<>();
        body.fieldNames().forEachRemaining(k -> {
            if (!k.equals("labels") && !k.equals("possibleOptOut")) {
                problems.add(new MappingProblem(source, k, "a dialer overlay has labels and possibleOptOut only"));
            }
        });
        if (body.has("labels") && (!body.get("labels").isObject() || !allText(body.get("labels")))) {
            problems.add(new MappingProblem(source, "labels", "is an object of label: OUTCOME"));
        } else if (body.path("labels").size() > MAX_LABELS) {
            problems.add(new MappingProblem(source, "labels", "at most " + MAX_LABELS + " labels"));
        }
        if (body.has("possibleOptOut") && !body.get("possibleOptOut").isTextual()) {
            problems.add(new MappingProblem(source, "possibleOptOut", "is 'do-not-contact' or 'reject'"));
        }
        if (!problems.isEmpty()) {
            throw new MappingFileException(problems);
        }
        DialerOverlay overlay = mappings.dialerOverlay(body);
        problems.addAll(overlay.problems(source, file, tenants.dialer(tenant, dialer).map(DialerSettings::labels).orElse(Map.of())));
        if (!problems.isEmpty()) {
            throw new MappingFileException(problems);
        }
        return overlay;
    }

    private static boolean allText(JsonNode labels) {
        for (JsonNode v : labels) {
            if (!v.isTextual()) {
                return false;
            }
        }
        return true;
    }

    private DialerMapping requireKnown(String tenant, String dialer) {
        versions.requireTenant(tenant);
        return files.dialer(dialer).orElseThrow(() -> new ApiProblem(404, "unknown_dialer", "no dialer '" + dialer + "'; known: "
                + files.dialers().keySet()));
    }
}
