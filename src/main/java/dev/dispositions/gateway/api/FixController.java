package dev.dispositions.gateway.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.dispositions.gateway.access.Allowed;
import dev.dispositions.gateway.access.Caller;
import dev.dispositions.gateway.access.Role;
import dev.dispositions.gateway.canonical.Outcome;
import dev.dispositions.gateway.store.DeadLetters;
import dev.dispositions.gateway.store.DeadLetters.DeadLetter;
import dev.dispositions.gateway.store.DeliveryFilter;
import dev.dispositions.gateway.store.EventEdits;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Support fixes a failed sync in place: sets what the gateway could not know (the person's id in the CRM, the
 * outcome) on its event, which sends the event's affected deliveries again. One dead letter, one event, or every
 * dead letter a filter matches after a dry run. An outcome may become DO_NOT_CONTACT, never stop being it.
 */
@RestController
public class FixController {
    /** The most dead letters one bulk fix takes: each is its event's transaction. */
    static final int MAX_BULK = 1_000;

    private final DeadLetters deadLetters;
    private final EventFixing fixing;
    private final EventEdits edits;

    public FixController(DeadLetters deadLetters, EventFixing fixing, EventEdits edits) {
        this.deadLetters = deadLetters;
        this.fixing = fixing;
        this.edits = edits;
    }

    /**
     * @param personId the person's id in the dead letter's CRM
     * @param outcome  a canonical outcome, e.g. LEFT_VOICEMAIL
     */
    public record DeadLetterFix(String personId, String outcome, String reason) {
    }

    /** @param personIds the person's id per CRM, e.g. {@code {"bullhorn": "4512"}} */
    public record EventFix(Map<String, String> personIds, String outcome, String reason) {
    }

    /**
     * @param personId the same person's id for every match: the filter then names the CRM
     * @param limit    at most this many dead letters (default and maximum {@value #MAX_BULK}), oldest first
     */
    public record BulkFix(FilterParams.Filter filter, String personId, String outcome, Boolean dryRun, Integer limit, String reason) {
    }

    /**
     * @param resent deliveries of the event sent again, rendered from the edited event
     * @param added  deliveries the edit newly calls for (the locked do-not-contact ones of a new DO_NOT_CONTACT)
     */
    public record Fixed(String eventId, List<EventEdits.Change> changes, List<Long> resent, List<Long> added) {
        static Fixed of(EventEdits.Edited e) {
            return new Fixed(e.eventId(), e.changes(), e.resent(), e.added());
        }
    }

    /**
     * @param matched  dead letters the filter matches
     * @param selected how many this call takes (at most the limit)
     * @param wouldFix a dry run: the first {@value DeadLetterController#LISTED} selected
     * @param fixed    a fix: the events changed, the first {@value DeadLetterController#LISTED}
     * @param refused  events left as they were, with why (a do-not-contact is never withdrawn)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BulkFixed(boolean dryRun, long matched, int selected, List<DeadLetter> wouldFix, Integer events, List<Fixed> fixed,
                            Map<String, String> refused) {
    }

    @Allowed(Role.TENANT_ADMIN)
    @Operation(summary = "Fix a dead letter's event (the person's id, the outcome) and send it again")
    @PostMapping("/api/dead-letters/{id}/fix")
    public Fixed fixDeadLetter(@PathVariable long id, @RequestBody(required = false) DeadLetterFix body, HttpServletRequest request) {
        Caller caller = Caller.of(request);
        DeadLetter d = deadLetters.find(id).orElseThrow(() -> unknownDelivery(id));
        Scopes.see(caller, d.tenant(), unknownDelivery(id));
        if (!"FAILED".equals(d.status()) && !"DISCARDED".equals(d.status())) {
            throw new ApiProblem(409, "not_fixable", "delivery " + id + " is " + d.status() + "; only FAILED or DISCARDED ones are fixed");
        }
        DeadLetterFix fix = body == null ? new DeadLetterFix(null, null, null) : body;
        Outcome outcome = EventFixing.outcome("outcome", fix.outcome());
        Map<String, String> people = blank(fix.personId()) ? Map.of() : fixing.checkedPeople(d.tenant(), Map.of(d.crm(), fix.personId()), "personId");
        return Fixed.of(changed(fixing.apply(caller, d.eventId(), new EventEdits.Fix(people, requireSome(people, outcome)), fix.reason())));
    }

    @Allowed(Role.TENANT_ADMIN)
    @Operation(summary = "Fix an event (the person's id per CRM, the outcome) and send its affected deliveries again")
    @PostMapping("/api/events/{eventId}/fix")
    public Fixed fixEvent(@PathVariable String eventId, @RequestBody(required = false) EventFix body, HttpServletRequest request) {
        Caller caller = Caller.of(request);
        String tenant = edits.tenantOf(eventId).orElseThrow(() -> unknownEvent(eventId));
        Scopes.see(caller, tenant, unknownEvent(eventId));
        EventFix fix = body == null ? new EventFix(null, null, null) : body;
        Outcome outcome = EventFixing.outcome("outcome", fix.outcome());
        Map<String, String> people = fix.personIds() == null ? Map.of() : fixing.checkedPeople(tenant, fix.personIds(), "personIds.");
        return Fixed.of(changed(fixing.apply(caller, eventId, new EventEdits.Fix(people, requireSome(people, outcome)), fix.reason())));
    }

    @Allowed(Role.TENANT_ADMIN)
    @Operation(summary = "Fix every dead letter matching a filter the same way, after a dry run")
    @PostMapping("/api/dead-letters/fix")
    public BulkFixed bulkFix(@RequestBody BulkFix body, HttpServletRequest request) {
        if (body.dryRun() == null) {
            throw new ApiProblem(400, "invalid_body", "dryRun", "say dryRun: true to see what would be fixed, or false to fix it");
        }
        Caller caller = Caller.of(request);
        DeliveryFilter f = Scopes.narrowed(caller, FilterParams.parse(body.filter()));
        if (f.status() != null && !f.status().equals("FAILED") && !f.status().equals("DISCARDED")) {
            throw new ApiProblem(400, "invalid_body", "filter.status", "a bulk fix takes dead letters: FAILED (the default) or DISCARDED");
        }
        Outcome outcome = EventFixing.outcome("outcome", body.outcome());
        if (!blank(body.personId()) && (f.crm() == null || f.tenant() == null)) {
            throw new ApiProblem(400, "invalid_body", "filter.crm", "one person's id is for one tenant's CRM: name filter.tenant and filter.crm");
        }
        requireSome(blank(body.personId()) ? Map.of() : Map.of("", ""), outcome);
        int limit = FilterParams.limit(body.limit() == null ? MAX_BULK : body.limit(), MAX_BULK);
        List<Long> selected = deadLetters.select(f, limit);
        long matched = deadLetters.count(f);
        if (body.dryRun()) {
            return new BulkFixed(true, matched, selected.size(), selected.stream().limit(DeadLetterController.LISTED).map(deadLetters::find)
                    .flatMap(java.util.Optional::stream).toList(), null, null, null);
        }
        Map<String, String> people = blank(body.personId()) ? Map.of() : fixing.checkedPeople(f.tenant(), Map.of(f.crm(), body.personId()), "personId");
        List<Fixed> fixed = new ArrayList<>();
        Map<String, String> refused = new LinkedHashMap<>();
        selected.stream().map(deadLetters::find).flatMap(java.util.Optional::stream).map(DeadLetter::eventId).distinct().forEach(eventId -> {
            try {
                EventEdits.Edited e = fixing.apply(caller, eventId, new EventEdits.Fix(people, outcome), body.reason());
                if (!e.changes().isEmpty()) {
                    fixed.add(Fixed.of(e));
                }
            } catch (ApiProblem p) {
                refused.put(eventId, p.getMessage());
            } catch (RuntimeException e) {
                // One event's failure leaves the others' fixes standing; this one is told, and can be fixed again.
                refused.put(eventId, "not fixed: " + e.getClass().getSimpleName());
            }
        });
        return new BulkFixed(false, matched, selected.size(), null, fixed.size(), fixed.stream().limit(DeadLetterController.LISTED).toList(),
                refused);
    }

    private static Outcome requireSome(Map<String, String> people, Outcome outcome) {
        if (people.isEmpty() && outcome == null) {
            throw new ApiProblem(400, "invalid_body", "personId", "say what to fix: the person's id in the CRM (personId), the outcome, or both");
        }
        return outcome;
    }

    private static EventEdits.Edited changed(EventEdits.Edited e) {
        if (e.changes().isEmpty()) {
            throw new ApiProblem(409, "nothing_to_change", "the event already says so; replay it instead (POST /api/dead-letters/{id}/replay)");
        }
        return e;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static ApiProblem unknownDelivery(long id) {
        return new ApiProblem(404, "unknown_delivery", "no delivery " + id);
    }

    private static ApiProblem unknownEvent(String id) {
        return new ApiProblem(404, "unknown_event", "no event " + (id.length() > 60 ? id.substring(0, 60) + "…" : id));
    }
}
