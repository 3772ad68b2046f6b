package dev.dispositions.gateway.api;

import io.swagger.v3.oas.annotations.Operation;
import dev.dispositions.gateway.access.AdminAudit;
import dev.dispositions.gateway.access.Allowed;
import dev.dispositions.gateway.access.Caller;
import dev.dispositions.gateway.access.Role;
import dev.dispositions.gateway.delivery.OutboxStatus;
import jakarta.servlet.http.HttpServletRequest;
import dev.dispositions.gateway.config.TenantDirectory;
import dev.dispositions.gateway.crm.CrmConnector;
import dev.dispositions.gateway.crm.CrmRegistry;
import dev.dispositions.gateway.crm.InstallCheck;
import dev.dispositions.gateway.dispatch.Dispatcher;
import dev.dispositions.gateway.mapping.MappingCatalog;
import dev.dispositions.gateway.overlay.TenantMappings;
import dev.dispositions.gateway.store.ConnectorBacklog;
import dev.dispositions.gateway.store.ConnectorStates;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Connectors for CRM admins and support: each tenant's connector's state (healthy, throttled, NEEDS_REAUTH, paused,
 * breaker open) and backlog; pause and resume; the install check (does the connector work, and does the CRM have
 * what the mapping uses?); reloading the CRM mapping files after a fix.
 */
@RestController
public class ConnectorController {
    private final TenantDirectory tenants;
    private final CrmRegistry crms;
    private final ConnectorStates states;
    private final ConnectorBacklog backlog;
    private final Dispatcher dispatcher;
    private final MappingCatalog mappings;
    private final Clock clock;
    private final AdminAudit audit;
    private final InstallChecks installChecks;
    private final TenantMappings tenantMappings;

    public ConnectorController(TenantDirectory tenants, CrmRegistry crms, ConnectorStates states, ConnectorBacklog backlog,
                               Dispatcher dispatcher, MappingCatalog mappings, Clock clock, AdminAudit audit, InstallChecks installChecks,
                               TenantMappings tenantMappings) {
        this.audit = audit;
        this.installChecks = installChecks;
        this.tenantMappings = tenantMappings;
        this.tenants = tenants;
        this.crms = crms;
        this.states = states;
        this.backlog = backlog;
        this.dispatcher = dispatcher;
        this.mappings = mappings;
        this.clock = clock;
    }

    /**
     * One connector's state.
     *
     * @param status      healthy, throttled, NEEDS_REAUTH, paused or breaker-open (this instance's breaker)
     * @param holdUntil   throttled: until when; NEEDS_REAUTH: when a parked row is tried again
     * @param oldestWaitingSeconds how long the oldest delivery not yet finished has waited
     */
    public record ConnectorStatus(String tenant, String crm, String status, String reason, OffsetDateTime since, OffsetDateTime holdUntil,
                                  String breaker, Map<String, Long> deliveries, long deadLetters, Long oldestWaitingSeconds,
                                  Map<String, Long> lastHour, Map<String, Long> lastDay) {
    }

    @Allowed(Role.TENANT_VIEWER)
    @Operation(summary = "List every connector's state and backlog")
    @GetMapping("/api/connectors")
    public List<ConnectorStatus> list(HttpServletRequest request) {
        Caller caller = Caller.of(request);
        Map<String, ConnectorStates.State> held = new java.util.HashMap<>();
        states.all().forEach(s -> held.put(s.tenant() + "/" + s.crm(), s));
        Instant now = clock.instant();
        List<ConnectorStatus> out = new ArrayList<>();
        for (String tenant : new java.util.TreeSet<>(tenants.all().keySet())) {
            if (!caller.sees(tenant)) {
                continue;
            }
            for (String crm : tenants.enabledCrms(tenant)) {
                out.add(status(tenant, crm, held.get(tenant + "/" + crm), backlog.of(tenant, crm, now), now));
            }
        }
        return out;
    }

    @Allowed(Role.TENANT_VIEWER)
    @Operation(summary = "Read one connector's state and backlog")
    @GetMapping("/api/connectors/{tenant}/{crm}")
    public ConnectorStatus one(@PathVariable String tenant, @PathVariable String crm) {
        InstallChecks.connector(tenants, crms, tenant, crm);
        Instant now = clock.instant();
        return status(tenant, crm, states.of(tenant, crm).orElse(null), backlog.of(tenant, crm, now), now);
    }

    /** @param unparked parked deliveries due again */
    public record Resumed(ConnectorStatus connector, int unparked) {
    }

    /** @param reloaded the CRM mapping files read again */
    public record Reloaded(java.util.Set<String> reloaded) {
    }

    /** Stops sending to the connector; its events keep arriving and wait, nothing is dropped. */
    @Allowed(Role.TENANT_ADMIN)
    @Operation(summary = "Pause a connector: its events wait, nothing is dropped")
    @PostMapping("/api/connectors/{tenant}/{crm}/pause")
    public ConnectorStatus pause(@PathVariable String tenant, @PathVariable String crm,
                                 @RequestBody(required = false) DeadLetterController.Why why, HttpServletRequest request) {
        InstallChecks.connector(tenants, crms, tenant, crm);
        Caller caller = Caller.of(request);
        String reason = why == null || why.reason() == null || why.reason().isBlank() ? "paused by " + caller.name() : why.reason();
        states.pause(tenant, crm, reason, clock.instant());
        audit.record(caller, "connector.pause", tenant, tenant + "/" + crm, "reason: " + reason);
        return one(tenant, crm);
    }

    /** Sends again: a paused connector, or one whose credentials were fixed (its parked rows are due at once). */
    @Allowed(Role.TENANT_ADMIN)
    @Operation(summary = "Resume a connector, draining its parked deliveries")
    @PostMapping("/api/connectors/{tenant}/{crm}/resume")
    public Resumed resume(@PathVariable String tenant, @PathVariable String crm, HttpServletRequest request) {
        InstallChecks.connector(tenants, crms, tenant, crm);
        int unparked = states.resume(tenant, crm, clock.instant());
        dispatcher.breaker(tenant, crm).reset();
        audit.record(Caller.of(request), "connector.resume", tenant, tenant + "/" + crm, unparked + " parked rows due again");
        return new Resumed(one(tenant, crm), unparked);
    }

    /** Reads the CRM mapping files again; every file must pass its checks, else nothing changes (422 with the problems). */
    @Allowed(Role.OPERATOR)
    @Operation(summary = "Read the CRM mapping files again (all must pass their checks)")
    @PostMapping("/api/mappings/crms/reload")
    public Reloaded reloadMappings(HttpServletRequest request) {
        var reloaded = crms.reloadMappings(mappings, tenantMappings::problemsOver);
        audit.record(Caller.of(request), "mappings.reload", null, "crms", "reloaded " + reloaded);
        return new Reloaded(reloaded);
    }

    private ConnectorStatus status(String tenant, String crm, ConnectorStates.State held, ConnectorBacklog.Backlog b, Instant now) {
        String breaker = dispatcher.breaker(tenant, crm).getState().name();
        String status = "healthy";
        if (held != null && ConnectorStates.PAUSED.equals(held.state())) {
            status = "paused";
        } else if (held != null && ConnectorStates.NEEDS_REAUTH.equals(held.state())) {
            status = "NEEDS_REAUTH";
        } else if (held != null && held.holdUntil() != null && held.holdUntil().toInstant().isAfter(now)) {
            status = "throttled";
        } else if (!"CLOSED".equals(breaker)) {
            status = "breaker-open";
        }
        Map<String, Long> deliveries = b == null ? Map.of() : b.byStatus();
        return new ConnectorStatus(tenant, crm, status, held == null ? null : held.reason(), held == null ? null : held.since(),
                held == null ? null : held.holdUntil(), breaker, deliveries, deliveries.getOrDefault(OutboxStatus.FAILED.name(), 0L),
                b == null || b.oldestWaiting() == null ? null : Math.max(0, now.getEpochSecond() - b.oldestWaiting().toEpochSecond()),
                b == null ? Map.of() : b.lastHour(), b == null ? Map.of() : b.lastDay());
    }

    @Allowed(Role.TENANT_ADMIN)
    @Operation(summary = "Run the install check: log in, and look up every field and value the mapping uses")
    @GetMapping("/api/connectors/{tenant}/{crm}/check")
    public InstallChecks.Report check(@PathVariable String tenant, @PathVariable String crm) {
        return installChecks.run(tenant, crm, null);
    }
}
