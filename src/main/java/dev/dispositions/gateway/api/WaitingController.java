package dev.dispositions.gateway.api;

import dev.dispositions.gateway.access.AdminAudit;
import dev.dispositions.gateway.access.Allowed;
import dev.dispositions.gateway.access.Caller;
import dev.dispositions.gateway.access.Role;
import dev.dispositions.gateway.dispatch.Dispatcher;
import dev.dispositions.gateway.store.WaitingDeliveries;
import dev.dispositions.gateway.store.WaitingDeliveries.Waiting;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * What is on its way and why it waits: deliveries retrying (next attempt, last error), parked (the connector needs
 * re-authorising), throttled, paused or held by an open breaker, per tenant and connector; support makes one due now
 * or gives it up. Pausing and resuming the connector is {@link ConnectorController}'s.
 */
@RestController
public class WaitingController {
    private final WaitingDeliveries waiting;
    private final Dispatcher dispatcher;
    private final AdminAudit audit;
    private final Clock clock;

    public WaitingController(WaitingDeliveries waiting, Dispatcher dispatcher, AdminAudit audit, Clock clock) {
        this.waiting = waiting;
        this.dispatcher = dispatcher;
        this.audit = audit;
        this.clock = clock;
    }

    /** @param total how many wait for the filter's reason */
    public record WaitingPage(long total, int limit, int offset, List<Waiting> deliveries) {
    }

    public record Done(long id, String status) {
    }

    @Allowed(Role.TENANT_VIEWER)
    @Operation(summary = "List deliveries still on their way, oldest first, with why each waits")
    @GetMapping("/api/deliveries/waiting")
    public WaitingPage list(@RequestParam(required = false) String tenant, @RequestParam(required = false) String crm,
                            @RequestParam(required = false) String why, @RequestParam(required = false) Integer limit,
                            @RequestParam(required = false) Integer offset, HttpServletRequest request) {
        String reason = why == null || why.isBlank() ? null : why.trim().toLowerCase(Locale.ROOT);
        if (reason != null && !WaitingDeliveries.WHY.contains(reason)) {
            throw new ApiProblem(400, "invalid_parameter", "why", "why must be one of " + WaitingDeliveries.WHY + ", not '"
                    + (why.length() > 40 ? why.substring(0, 40) + "…" : why) + "'");
        }
        int size = FilterParams.limit(limit, FilterParams.MAX_PAGE);
        int from = FilterParams.offset(offset);
        var q = new WaitingDeliveries.Query(Scopes.tenant(Caller.of(request), blankToNull(tenant)), blankToNull(crm), reason,
                dispatcher.openBreakers(), clock.instant());
        return new WaitingPage(waiting.count(q), size, from, waiting.list(q, size, from));
    }

    @Allowed(Role.TENANT_ADMIN)
    @Operation(summary = "Send a retrying delivery now instead of at its next attempt")
    @PostMapping("/api/deliveries/{id}/retry-now")
    public Done retryNow(@PathVariable long id, HttpServletRequest request) {
        Caller caller = Caller.of(request);
        String[] row = find(id, caller);
        if (!waiting.retryNow(id, caller.name(), clock.instant())) {
            throw new ApiProblem(409, "not_waiting", "delivery " + id + " is " + row[1] + "; only PENDING or RETRYING ones are sent now"
                    + ("PARKED".equals(row[1]) ? " (a parked one goes once its connector is resumed)" : ""));
        }
        audit.record(caller, "delivery.retry-now", row[0], String.valueOf(id), null);
        return new Done(id, "due now");
    }

    @Allowed(Role.TENANT_ADMIN)
    @Operation(summary = "Give up a waiting delivery, with a reason (never a do-not-contact one)")
    @PostMapping("/api/deliveries/{id}/discard")
    public Done discard(@PathVariable long id, @RequestBody(required = false) DeadLetterController.Why why, HttpServletRequest request) {
        if (why == null || why.reason() == null || why.reason().isBlank()) {
            throw new ApiProblem(400, "invalid_body", "reason", "say why the delivery is given up: {\"reason\": \"...\"}");
        }
        Caller caller = Caller.of(request);
        String[] row = find(id, caller);
        if ("do-not-contact".equals(row[2])) {
            throw new ApiProblem(409, "do_not_contact_locked", "a do-not-contact delivery is sent until it lands or fails for good; it is not given up");
        }
        if (!waiting.discard(id, why.reason(), caller.name(), clock.instant())) {
            throw new ApiProblem(409, "not_waiting", "delivery " + id + " is " + row[1] + "; only PENDING, RETRYING or PARKED ones are given up here");
        }
        audit.record(caller, "delivery.discard", row[0], String.valueOf(id), "reason: " + why.reason());
        return new Done(id, "DISCARDED");
    }

    private String[] find(long id, Caller caller) {
        ApiProblem unknown = new ApiProblem(404, "unknown_delivery", "no delivery " + id);
        String[] row = waiting.find(id).orElseThrow(() -> unknown);
        Scopes.see(caller, row[0], unknown);
        return row;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
