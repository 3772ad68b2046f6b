package dev.dispositions.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dispositions.gateway.access.Allowed;
import dev.dispositions.gateway.access.Caller;
import dev.dispositions.gateway.access.Role;
import dev.dispositions.gateway.canonical.CanonicalDisposition;
import dev.dispositions.gateway.config.TenantDirectory;
import dev.dispositions.gateway.mapping.CrmMapping;
import dev.dispositions.gateway.mapping.MappingCatalog;
import dev.dispositions.gateway.mapping.MappingFileException;
import dev.dispositions.gateway.mapping.MappingProblem;
import dev.dispositions.gateway.mapping.MappingValidator;
import dev.dispositions.gateway.overlay.CrmOverlays;
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
 * A tenant's own CRM mapping: an overlay of the file's outcome values, ignored outcomes, activity fields and
 * actions ({@link CrmOverlays}), checked by the validator the files use, versioned, tried before saving.
 */
@RestController
public class CrmMappingController {
    private static final String KIND = MappingOverlayRecords.CRM;
    private static final int MAX_SAMPLES = 20;

    private final OverlayVersions versions;
    private final TenantMappings mappings;
    private final MappingCatalog files;
    private final TenantDirectory tenants;
    private final InstallChecks installChecks;
    private final CrmPlans plans;
    private final ObjectMapper json;

    public CrmMappingController(OverlayVersions versions, TenantMappings mappings, MappingCatalog files, TenantDirectory tenants,
                                InstallChecks installChecks, CrmPlans plans, ObjectMapper json) {
        this.versions = versions;
        this.mappings = mappings;
        this.files = files;
        this.tenants = tenants;
        this.installChecks = installChecks;
        this.plans = plans;
        this.json = json;
    }

    /**
     * @param version     the overlay's version in use; 0: none, the file alone
     * @param effective   the file with the overlay laid over it: what deliveries render with
     * @param fromOverlay the paths of {@code effective} the overlay decides; everything else is the file's
     * @param fileMapping the file alone, as the gateway read it
     */
    public record CrmMappingView(String tenant, String crm, String file, int version, OffsetDateTime updatedAt, String updatedBy,
                                 JsonNode overlay, JsonNode effective, List<String> fromOverlay, JsonNode fileMapping) {
    }

    /**
     * @param overlay the unsaved overlay to try
     * @param samples canonical facts of sample calls ({@code {"outcome": "LEFT_VOICEMAIL", "direction": "OUTBOUND"}}), as a
     *                mapping example's {@code event}; absent: one call per outcome the overlay changes
     * @param check   false to skip the install check against the tenant's CRM (it makes read-only calls to the CRM)
     */
    public record DryRun(JsonNode overlay, List<Map<String, Object>> samples, Boolean check) {
    }

    public record SamplePlan(CanonicalDisposition event, PreviewReport.CrmPlan plan) {
    }

    /** @param installCheck absent when the overlay does not hold, the tenant has not connected this CRM, or check was false */
    public record DryRunReport(String tenant, String crm, boolean valid, List<MappingProblem> problems, InstallChecks.Report installCheck,
                               List<SamplePlan> samples) {
    }

    @Allowed(Role.TENANT_VIEWER)
    @Operation(summary = "Read a tenant's CRM mapping: the file, the tenant's overlay and the effective mapping, which is which")
    @GetMapping("/api/tenants/{tenant}/mappings/crms/{crm}")
    public CrmMappingView read(@PathVariable String tenant, @PathVariable String crm) {
        requireKnown(tenant, crm);
        var current = versions.current(tenant, KIND, crm);
        JsonNode overlay = current.map(versions::body).orElse(json.createObjectNode());
        JsonNode file = files.crmFiles().trees().get(crm);
        return new CrmMappingView(tenant, crm, "mappings/crms/" + crm + ".yaml", current.map(MappingOverlayRecords.Version::version).orElse(0),
                current.map(MappingOverlayRecords.Version::createdAt).orElse(null), current.map(MappingOverlayRecords.Version::actor).orElse(null),
                overlay, CrmOverlays.laidOver(file, overlay), CrmOverlays.decidedByOverlay(overlay), file);
    }

    @Allowed(Role.TENANT_ADMIN)
    @Operation(summary = "Save a tenant's CRM overlay as a new version, after the checks a mapping file passes")
    @PutMapping("/api/tenants/{tenant}/mappings/crms/{crm}")
    public CrmMappingView save(@PathVariable String tenant, @PathVariable String crm, @RequestBody OverlayVersions.OverlayChange change,
                               HttpServletRequest request) {
        requireKnown(tenant, crm);
        JsonNode overlay = versions.overlayOf(change);
        versions.save(Caller.of(request), tenant, KIND, crm, overlay, change.baseVersion(), change.note(), o -> mappings.candidate(tenant, crm, o),
                "crm-mapping.save");
        return read(tenant, crm);
    }

    @Allowed(Role.TENANT_ADMIN)
    @Operation(summary = "Take a tenant's CRM overlay away (a new, empty version): the file alone applies")
    @DeleteMapping("/api/tenants/{tenant}/mappings/crms/{crm}")
    public CrmMappingView clear(@PathVariable String tenant, @PathVariable String crm, HttpServletRequest request) {
        requireKnown(tenant, crm);
        versions.save(Caller.of(request), tenant, KIND, crm, json.createObjectNode(), null, "back to the file", o -> { }, "crm-mapping.clear");
        return read(tenant, crm);
    }

    @Allowed(Role.TENANT_VIEWER)
    @Operation(summary = "List the kept versions of a tenant's CRM overlay, newest first")
    @GetMapping("/api/tenants/{tenant}/mappings/crms/{crm}/versions")
    public OverlayVersions.History history(@PathVariable String tenant, @PathVariable String crm) {
        requireKnown(tenant, crm);
        return versions.history(tenant, KIND, crm);
    }

    @Allowed(Role.TENANT_ADMIN)
    @Operation(summary = "Roll a tenant's CRM overlay back to a kept version (saved as a new version)")
    @PostMapping("/api/tenants/{tenant}/mappings/crms/{crm}/rollback")
    public CrmMappingView rollback(@PathVariable String tenant, @PathVariable String crm, @RequestBody OverlayVersions.Rollback to,
                                   HttpServletRequest request) {
        requireKnown(tenant, crm);
        versions.rollback(Caller.of(request), tenant, KIND, crm, to, o -> mappings.candidate(tenant, crm, o));
        return read(tenant, crm);
    }

    @Allowed(Role.TENANT_ADMIN)
    @Operation(summary = "Dry-run an unsaved CRM overlay: the validator's findings, the install check and sample calls' plans under it")
    @PostMapping("/api/tenants/{tenant}/mappings/crms/{crm}/dry-run")
    public DryRunReport dryRun(@PathVariable String tenant, @PathVariable String crm, @RequestBody DryRun body) {
        requireKnown(tenant, crm);
        JsonNode overlay = versions.overlayOf(new OverlayVersions.OverlayChange(body == null ? null : body.overlay(), null, null));
        if (body.samples() != null && body.samples().size() > MAX_SAMPLES) {
            throw new ApiProblem(400, "invalid_body", "samples", "at most " + MAX_SAMPLES + " sample calls");
        }
        CrmMapping candidate;
        try {
            candidate = mappings.candidate(tenant, crm, overlay);
        } catch (MappingFileException e) {
            return new DryRunReport(tenant, crm, false, e.problems(), null, List.of());
        }
        List<SamplePlan> samples = new ArrayList<>();
        List<Map<String, Object>> facts = body.samples() != null ? body.samples() : defaultSamples(overlay);
        boolean connected = tenants.enabledCrms(tenant).contains(crm);
        for (int i = 0; i < facts.size(); i++) {
            CanonicalDisposition event;
            try {
                event = MappingValidator.sampleEvent(tenant, facts.get(i));
            } catch (IllegalArgumentException e) {
                throw new ApiProblem(400, "invalid_body", "samples[" + i + "]", "not a canonical call: " + e.getMessage());
            }
            samples.add(new SamplePlan(event, connected ? plans.planOf(tenant, crm, event, candidate) : null));
        }
        InstallChecks.Report check = connected && !Boolean.FALSE.equals(body.check()) ? installChecks.run(tenant, crm, candidate) : null;
        return new DryRunReport(tenant, crm, true, List.of(), check, samples);
    }

    /** One sample call for each outcome the overlay maps or ignores; a voicemail when it changes no outcome. */
    private static List<Map<String, Object>> defaultSamples(JsonNode overlay) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String table : List.of("outcomes", "ignore")) {
            overlay.path(table).fieldNames().forEachRemaining(o -> out.add(Map.of("outcome", o, "direction", "OUTBOUND", "durationSeconds", 30)));
        }
        return out.isEmpty() ? List.of(Map.of("outcome", "LEFT_VOICEMAIL", "direction", "OUTBOUND", "durationSeconds", 30))
                : out.subList(0, Math.min(out.size(), MAX_SAMPLES));
    }

    private void requireKnown(String tenant, String crm) {
        versions.requireTenant(tenant);
        if (files.crm(crm).isEmpty()) {
            throw new ApiProblem(404, "unknown_crm", "no CRM '" + crm + "'; known: " + files.crms().keySet());
        }
    }
}
