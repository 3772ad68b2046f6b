package dev.dispositions.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dispositions.gateway.access.AdminAudit;
import dev.dispositions.gateway.access.Caller;
import dev.dispositions.gateway.config.TenantDirectory;
import dev.dispositions.gateway.mapping.MappingFileException;
import dev.dispositions.gateway.overlay.TenantMappings;
import dev.dispositions.gateway.store.MappingOverlayRecords;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * What CRM and dialer overlays share in the API: a change is a new version (checked first, against the version the
 * caller read when it names one), a roll back is a new version with an old body, each in the admin audit.
 */
@Component
public class OverlayVersions {
    /** The most a body may be: a whole mapping file is a few KB. */
    static final int MAX_BODY = 64 * 1024;
    private static final int MAX_NOTE = 500;

    private final MappingOverlayRecords records;
    private final TenantDirectory tenants;
    private final TenantMappings mappings;
    private final AdminAudit audit;
    private final Clock clock;
    private final ObjectMapper json;
    private final int kept;

    public OverlayVersions(MappingOverlayRecords records, TenantDirectory tenants, TenantMappings mappings, AdminAudit audit, Clock clock,
                           ObjectMapper json, @Value("${gateway.mapping-overlays.versions-kept:20}") int kept) {
        this.records = records;
        this.tenants = tenants;
        this.mappings = mappings;
        this.audit = audit;
        this.clock = clock;
        this.json = json;
        if (kept < 1 || kept > 1000) {
            throw new IllegalStateException("gateway.mapping-overlays.versions-kept must be 1 to 1000 (versions to roll back to), not " + kept);
        }
        this.kept = kept;
    }

    /**
     * A change.
     *
     * @param overlay     what the tenant changes ({@code {}}: nothing, the files alone)
     * @param baseVersion the version the change was made from: refused (409) if another change came since; absent, last write wins
     * @param note        why, kept with the version and in the audit
     */
    public record OverlayChange(JsonNode overlay, Integer baseVersion, String note) {
    }

    /** @param version the version to bring back (as a new version) */
    public record Rollback(Integer version, String note) {
    }

    public record VersionView(int version, OffsetDateTime at, String actor, String note, JsonNode overlay) {
    }

    /** @param current the version in use; 0: none, the files alone */
    public record History(String tenant, String target, int current, int kept, List<VersionView> versions) {
    }

    void requireTenant(String tenant) {
        if (!tenants.exists(tenant)) {
            throw Scopes.unknownTenant(tenant);
        }
    }

    Optional<MappingOverlayRecords.Version> current(String tenant, String kind, String target) {
        return records.current(tenant, kind, target);
    }

    JsonNode body(MappingOverlayRecords.Version v) {
        try {
            return json.readTree(v.body());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored overlay is not JSON", e);
        }
    }

    /** The change's overlay, refused with the field at fault before anything else. */
    JsonNode overlayOf(OverlayChange change) {
        if (change == null || change.overlay() == null || !change.overlay().isObject()) {
            throw new ApiProblem(400, "invalid_body", "overlay", "send {\"overlay\": {...}}: the changes over the mapping file ({} for none)");
        }
        if (change.note() != null && change.note().length() > MAX_NOTE) {
            throw new ApiProblem(400, "invalid_body", "note", "a note is at most " + MAX_NOTE + " characters");
        }
        if (change.overlay().toString().length() > MAX_BODY) {
            throw new ApiProblem(413, "overlay_too_large", "overlay", "an overlay is at most " + MAX_BODY / 1024 + " KiB");
        }
        return change.overlay();
    }

    /** Checks the overlay with {@code check} (which throws {@link MappingFileException}), then stores it as the next version. */
    int save(Caller caller, String tenant, String kind, String target, JsonNode overlay, Integer baseVersion, String note,
             Consumer<JsonNode> check, String action) {
        try {
            check.accept(overlay);
        } catch (MappingFileException e) {
            throw invalid(e);
        }
        int current = current(tenant, kind, target).map(MappingOverlayRecords.Version::version).orElse(0);
        if (baseVersion != null && baseVersion != current) {
            throw new ApiProblem(409, "version_conflict", "baseVersion", "the overlay is at version " + current + ", not " + baseVersion
                    + ": another change came first; read it again and redo yours over it");
        }
        int saved = records.save(tenant, kind, target, current, overlay.toString(), note, caller.name(), clock.instant(), kept)
                .orElseThrow(() -> new ApiProblem(409, "version_conflict", "baseVersion", "another change was saved at the same moment; try again"));
        mappings.refresh();
        audit.record(caller, action, tenant, tenant + "/" + target, "version " + saved + (note == null ? "" : "; note: " + note));
        return saved;
    }

    int rollback(Caller caller, String tenant, String kind, String target, Rollback to, Consumer<JsonNode> check) {
        if (to == null || to.version() == null) {
            throw new ApiProblem(400, "invalid_body", "version", "send {\"version\": n}: the version to bring back");
        }
        MappingOverlayRecords.Version old = records.version(tenant, kind, target, to.version()).orElseThrow(() -> new ApiProblem(404,
                "unknown_version", "version", "no version " + to.version() + " of " + tenant + "/" + target + " is kept (the last " + kept + " are)"));
        int current = current(tenant, kind, target).map(MappingOverlayRecords.Version::version).orElse(0);
        String note = "roll back to version " + old.version() + (to.note() == null ? "" : ": " + to.note());
        return save(caller, tenant, kind, target, body(old), current, note, check, kind + "-mapping.rollback");
    }

    History history(String tenant, String kind, String target) {
        List<VersionView> versions = records.history(tenant, kind, target).stream()
                .map(v -> new VersionView(v.version(), v.createdAt(), v.actor(), v.note(), body(v))).toList();
        return new History(tenant, target, versions.isEmpty() ? 0 : versions.get(0).version(), kept, versions);
    }

    static ApiProblem invalid(MappingFileException e) {
        String first = e.problems().isEmpty() ? "" : e.problems().get(0).path();
        return new ApiProblem(422, "overlay_invalid", first.isEmpty() ? "overlay" : "overlay." + first, "the overlay does not hold: "
                + e.problems().size() + " problem" + (e.problems().size() == 1 ? "" : "s") + " (see problems); nothing was saved").problems(e.problems());
    }
}
