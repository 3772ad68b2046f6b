package dev.dispositions.gateway.overlay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dispositions.gateway.mapping.CrmMapping;
import dev.dispositions.gateway.mapping.MappingCatalog;
import dev.dispositions.gateway.mapping.MappingFileException;
import dev.dispositions.gateway.mapping.MappingProblem;
import dev.dispositions.gateway.mapping.MappingValidator;
import dev.dispositions.gateway.store.MappingOverlayRecords;
import dev.dispositions.gateway.store.MappingOverlayRecords.Head;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Each tenant's effective mappings: the CRM files with the tenant's overlay laid over them, and its dialer overlays.
 * Deliveries, replays, ingest (which actions a call gets), the install check and the preview all read them here.
 * Overlays are re-read every {@code gateway.tenant-refresh} (only those whose version changed), so every replica
 * uses a saved overlay within seconds, and at once on the replica that saved it.
 */
@Component
public class TenantMappings {
    private static final Logger log = LoggerFactory.getLogger(TenantMappings.class);

    private final MappingCatalog files;
    private final MappingOverlayRecords records;
    private final ObjectMapper json;

    private record Key(String tenant, String kind, String target) {
    }

    /** @param holds false: this version did not hold over the files; what is kept is the last that did (or nothing) */
    private record Applied(int version, CrmMapping crm, DialerOverlay dialer, boolean holds) {
    }

    private final dev.dispositions.gateway.config.TenantDirectory tenants;
    /** Replaced whole; built on {@link #builtOn}, the CRM files in use then. */
    private volatile Map<Key, Applied> applied = Map.of();
    private volatile MappingCatalog.Files builtOn;
    /** The files the last refresh was tried on: a database that cannot be read is not asked again on every call. */
    private volatile MappingCatalog.Files triedOn;

    public TenantMappings(MappingCatalog files, MappingOverlayRecords records, ObjectMapper json,
                          dev.dispositions.gateway.config.TenantDirectory tenants) {
        this.files = files;
        this.records = records;
        this.json = json;
        this.tenants = tenants;
    }

    /** Before any webhook is read or any delivery rendered: the overlays as stored. */
    @jakarta.annotation.PostConstruct
    void firstLoad() {
        refresh();
    }

    /** The tenant's mapping of the CRM: the file, with the tenant's overlay if it has one. */
    public Optional<CrmMapping> crm(String tenant, String crm) {
        if (triedOn != files.crmFiles()) {
            refresh(); // the files were reloaded: lay the overlays over the new ones before anything renders with them
        }
        String kind = dev.dispositions.gateway.crm.CrmConnector.kindOf(crm); // a destination's mapping is its connector's
        Applied a = applied.get(new Key(tenant, MappingOverlayRecords.CRM, kind));
        return a != null && a.crm() != null ? Optional.of(a.crm()) : files.crm(kind);
    }

    /** The tenant's overlay of the dialer, {@link DialerOverlay#NONE} without one. */
    public DialerOverlay dialer(String tenant, String dialer) {
        if (triedOn == null) {
            refresh();
        }
        Applied a = applied.get(new Key(tenant, MappingOverlayRecords.DIALER, dialer));
        return a == null || a.dialer() == null ? DialerOverlay.NONE : a.dialer();
    }

    /**
     * The CRM file with this overlay laid over it, checked as a file is.
     *
     * @throws MappingFileException naming every problem, the overlay's own shape first
     */
    public CrmMapping candidate(String tenant, String crm, JsonNode overlay) {
        return candidate(tenant, crm, overlay, files.crmFiles());
    }

    /** Whether every stored CRM overlay still holds over these files (before a reload uses them). */
    public List<MappingProblem> problemsOver(MappingCatalog.Files fresh) {
        List<MappingProblem> problems = new ArrayList<>();
        for (Head h : records.heads()) {
            if (MappingOverlayRecords.CRM.equals(h.kind())) {
                records.current(h.tenant(), h.kind(), h.target()).ifPresent(v -> {
                    try {
                        candidate(h.tenant(), h.target(), read(v.body()), fresh);
                    } catch (MappingFileException e) {
                        problems.addAll(e.problems());
                    }
                });
            }
        }
        return problems;
    }

    /** The dialer overlay as stored: parsed, not checked (it was when saved). */
    public DialerOverlay dialerOverlay(JsonNode body) {
        try {
            return json.treeToValue(body, DialerOverlay.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e.getOriginalMessage(), e);
        }
    }

    public static String source(String tenant, String target) {
        return "overlay " + tenant + "/" + target;
    }

    private CrmMapping candidate(String tenant, String crm, JsonNode overlay, MappingCatalog.Files on) {
        String source = source(tenant, crm);
        List<MappingProblem> shape = CrmOverlays.shape(source, overlay);
        if (!shape.isEmpty()) {
            throw new MappingFileException(shape);
        }
        JsonNode file = on.trees().get(crm);
        if (file == null) {
            throw new MappingFileException(List.of(new MappingProblem(source, "", "there is no mappings/crms/" + crm + ".yaml")));
        }
        CrmMapping laidOver = MappingValidator.crm(source, crm, CrmOverlays.laidOver(file, overlay));
        List<String> actions = new ArrayList<>();
        overlay.path("actions").fieldNames().forEachRemaining(actions::add);
        List<MappingProblem> locked = MappingValidator.lockedFieldProblems(source, laidOver, actions);
        if (!locked.isEmpty()) {
            throw new MappingFileException(locked);
        }
        return laidOver;
    }

    /** Reads the overlays whose version changed; called on a schedule and at once after a change made here. */
    @Scheduled(fixedDelayString = "${gateway.tenant-refresh:2s}", initialDelayString = "${gateway.tenant-refresh:2s}")
    public synchronized void refresh() {
        MappingCatalog.Files on = files.crmFiles();
        triedOn = on;
        try {
            boolean sameFiles = builtOn == on;
            Map<Key, Applied> now = new HashMap<>();
            for (Head h : records.heads()) {
                Key key = new Key(h.tenant(), h.kind(), h.target());
                Applied before = applied.get(key);
                Applied loaded = sameFiles && before != null && before.version() == h.version() ? before : load(key, h.version(), on, before);
                if (loaded != null) {
                    now.put(key, loaded);
                }
            }
            applied = Map.copyOf(now);
            builtOn = on;
        } catch (RuntimeException e) {
            // The overlays in use stay as they were: a database hiccup must not put every tenant back on the files.
            log.warn("could not read the tenants' mapping overlays: {}", e.toString());
        }
    }

    /** The version laid over these files; one that does not hold is marked so (and logged once), keeping the last that did. */
    private Applied load(Key key, int version, MappingCatalog.Files on, Applied last) {
        JsonNode body = records.version(key.tenant(), key.kind(), key.target(), version).map(v -> read(v.body())).orElse(null);
        if (body == null) {
            return last; // pruned between the two reads: the next refresh sees the newer head
        }
        String source = source(key.tenant(), key.target());
        try {
            if (MappingOverlayRecords.CRM.equals(key.kind())) {
                return new Applied(version, body.isEmpty() ? null : candidate(key.tenant(), key.target(), body, on), null, true);
            }
            DialerOverlay overlay = dialerOverlay(body);
            var file = files.dialer(key.target());
            if (file.isPresent()) {
                var labels = tenants.dialer(key.tenant(), key.target()).map(d -> d.labels()).orElse(Map.of());
                overlay = overlay.withinTheLock(file.get(), labels, label -> log.warn("{} version {} maps the opt-out "
                        + "label '{}' away from DO_NOT_CONTACT (the file or the tenant's labels changed since): that label is left out", source,
                        version, label));
            }
            return new Applied(version, null, overlay, true);
        } catch (RuntimeException e) {
            boolean keep = last != null && (last.crm() != null || last.dialer() != null);
            String why = e instanceof MappingFileException m ? m.problems().stream().map(p -> p.path() + ": " + p.reason())
                    .collect(java.util.stream.Collectors.joining("; ")) : e.toString();
            log.warn("{} version {} does not hold over the files in use ({}); {}", source, version, why,
                    keep ? "version " + last.version() + " stays in use" : "the file alone applies");
            return new Applied(version, keep ? last.crm() : null, keep ? last.dialer() : null, false);
        }
    }

    private JsonNode read(String body) {
        try {
            return json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored mapping overlay is not JSON", e);
        }
    }
}
