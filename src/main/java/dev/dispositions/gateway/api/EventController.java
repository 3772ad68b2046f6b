package dev.dispositions.gateway.api;

import io.swagger.v3.oas.annotations.Operation;
import dev.dispositions.gateway.access.AdminAudit;
import dev.dispositions.gateway.access.Allowed;
import dev.dispositions.gateway.access.Caller;
import dev.dispositions.gateway.access.Role;
import dev.dispositions.gateway.delivery.OutboxStatus;
import jakarta.servlet.http.HttpServletRequest;
import dev.dispositions.gateway.store.DeadLetters;
import dev.dispositions.gateway.store.EventQueries;
import dev.dispositions.gateway.store.EventQueries.EventSummary;
import dev.dispositions.gateway.store.EventQueries.EventView;
import java.time.Clock;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Where events are: received, retrying, parked, delivered or failed, and what each CRM answered. A tenant key sees its tenant's. */
@RestController
public class EventController {
    private final EventQueries queries;
    private final DeadLetters deadLetters;
    private final Clock clock;

    private final dev.dispositions.gateway.store.RetentionJob retention;
    private final AdminAudit audit;
    private final FailureViews views;

    public EventController(EventQueries queries, DeadLetters deadLetters, Clock clock, dev.dispositions.gateway.store.RetentionJob retention,
                           AdminAudit audit, FailureViews views) {
        this.views = views;
        this.retention = retention;
        this.audit = audit;
        this.queries = queries;
        this.deadLetters = deadLetters;
        this.clock = clock;
    }

    public record EventPage(List<EventSummary> events, int limit, int offset) {
    }

    /** Every event of one call, oldest first. */
    public record CallStory(String tenant, String dialer, String callId, List<EventView> events) {
    }

    /** @param replayed the deliveries due again */
    public record Replayed(String eventId, List<Long> replayed) {
    }

    /** How long stored events, dead letters and the compliance audit are kept (gateway.retention.*). */
    @Allowed(Role.TENANT_VIEWER)
    @Operation(summary = "How long stored events, dead letters and the compliance audit are kept")
    @GetMapping("/api/retention")
    public dev.dispositions.gateway.store.RetentionJob.Kept retention() {
        return retention.kept();
    }

    /** A page of events, newest first; the delivery criteria (crm, status, reason, result) match any of an event's deliveries. */
    @Allowed(Role.TENANT_VIEWER)
    @Operation(summary = "List events, newest first, by tenant, dialer, CRM, status, outcome, call id or time")
    @GetMapping("/api/events")
    public EventPage list(@org.springdoc.core.annotations.ParameterObject FilterParams.Filter filter, @RequestParam(required = false) Integer limit,
                                    @RequestParam(required = false) Integer offset, HttpServletRequest request) {
        int size = FilterParams.limit(limit, FilterParams.MAX_PAGE);
        int from = FilterParams.offset(offset);
        List<EventSummary> events = queries.list(Scopes.narrowed(Caller.of(request), FilterParams.parse(filter)), size, from);
        return new EventPage(events, size, from);
    }

    @Allowed(Role.TENANT_VIEWER)
    @Operation(summary = "Read one event: its canonical disposition, warnings, deliveries with every attempt, and timeline")
    @GetMapping("/api/events/{eventId}")
    public EventView event(@PathVariable String eventId, HttpServletRequest request) {
        ApiProblem unknown = new ApiProblem(404, "unknown_event", "no event '" + eventId + "'");
        EventView event = queries.find(eventId).orElseThrow(() -> unknown);
        Scopes.see(Caller.of(request), event.tenant(), unknown);
        java.util.Map<Long, String> links = new java.util.HashMap<>();
        event.deliveries().forEach(d -> {
            String url = views.recordUrl(event.tenant(), d.crm(), d.action(), d.crmRecordId());
            if (url != null) {
                links.put(d.id(), url);
            }
        });
        return event.withLinks(links);
    }

    /** The whole story of one call: each of its events with its deliveries and timeline, oldest first. */
    @Allowed(Role.TENANT_VIEWER)
    @Operation(summary = "Read every event of one call, oldest first")
    @GetMapping("/api/calls/{tenant}/{dialer}/{callId}")
    public CallStory call(@PathVariable String tenant, @PathVariable String dialer, @PathVariable String callId) {
        List<EventView> events = queries.call(tenant, dialer, callId);
        if (events.isEmpty()) {
            throw new ApiProblem(404, "unknown_call", "no event of call '" + callId + "' from " + dialer + " for tenant " + tenant);
        }
        return new CallStory(tenant, dialer, callId, events);
    }

    /** Replays every dead (or discarded) delivery of the event, rendered again with the mapping files in use now. */
    @Allowed(Role.TENANT_ADMIN)
    @Operation(summary = "Replay an event's failed or discarded deliveries")
    @PostMapping("/api/events/{eventId}/replay")
    public Replayed replay(@PathVariable String eventId, @RequestBody(required = false) DeadLetterController.Why why,
                                      HttpServletRequest request) {
        EventView event = event(eventId, request);
        Caller caller = Caller.of(request);
        List<Long> ids = event.deliveries().stream()
                .filter(d -> OutboxStatus.FAILED.name().equals(d.status()) || OutboxStatus.DISCARDED.name().equals(d.status())).map(EventQueries.DeliveryView::id).toList();
        if (ids.isEmpty()) {
            throw new ApiProblem(409, "nothing_to_replay", "event " + eventId + " has no failed or discarded delivery (its status: "
                    + event.status() + ")");
        }
        List<Long> replayed = deadLetters.replay(ids, why == null ? null : why.reason(), caller.name(), clock.instant());
        audit.record(caller, "event.replay", event.tenant(), eventId, "deliveries " + replayed + (why == null || why.reason() == null ? ""
                : "; reason: " + why.reason()));
        return new Replayed(eventId, replayed);
    }
}
