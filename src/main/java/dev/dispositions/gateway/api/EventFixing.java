package dev.dispositions.gateway.api;

import dev.dispositions.gateway.access.AdminAudit;
import dev.dispositions.gateway.access.Caller;
import dev.dispositions.gateway.canonical.Outcome;
import dev.dispositions.gateway.crm.CrmConnector;
import dev.dispositions.gateway.crm.CrmRegistry;
import dev.dispositions.gateway.crm.PersonCheck;
import dev.dispositions.gateway.ingest.TenantActions;
import dev.dispositions.gateway.store.EventEdits;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Support's fix of an event, checked before anything is stored: the outcome one of the canonical list, each
 * person's id in its CRM's syntax and then found there. Applied with its bookkeeping ({@link EventEdits}) and written
 * to the admin audit with the actor.
 */
@Component
class EventFixing {
    private final EventEdits edits;
    private final CrmRegistry crms;
    private final TenantActions actions;
    private final AdminAudit audit;
    private final Clock clock;
    private final dev.dispositions.gateway.config.TenantDirectory tenants;

    EventFixing(EventEdits edits, CrmRegistry crms, TenantActions actions, AdminAudit audit, Clock clock,
                dev.dispositions.gateway.config.TenantDirectory tenants) {
        this.tenants = tenants;
        this.edits = edits;
        this.crms = crms;
        this.actions = actions;
        this.audit = audit;
        this.clock = clock;
    }

    /** The outcome support names, or null when none is named; refused by name when it is not canonical. */
    static Outcome outcome(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Outcome.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ApiProblem(400, "invalid_body", field, "'" + cut(value) + "' is not a canonical outcome; one of "
                    + Arrays.toString(Outcome.values()));
        }
    }

    /**
     * Checks each id against its CRM: the syntax, then that the person is there.
     *
     * @param field what the request calls the ids, for the problem ("personId", "personIds.hubspot")
     */
    Map<String, String> checkedPeople(String tenant, Map<String, String> personIds, String field) {
        Map<String, String> checked = new LinkedHashMap<>();
        for (var e : personIds.entrySet()) {
            String name = field.endsWith(".") ? field + e.getKey() : field;
            List<String> theirs = tenants.enabledCrms(tenant).stream().filter(c -> !dev.dispositions.gateway.config.Destination.isDestination(c)).toList();
            CrmConnector connector = theirs.contains(e.getKey()) ? crms.find(e.getKey()).orElse(null) : null;
            if (connector == null) {
                throw new ApiProblem(400, "invalid_body", name, "the tenant has no CRM '" + cut(e.getKey()) + "'; its CRMs: " + theirs);
            }
            String id = e.getValue() == null ? "" : e.getValue().trim();
            if (!connector.personIds().accepts(id)) {
                throw new ApiProblem(400, "invalid_body", name, "'" + cut(id) + "' is not a " + e.getKey() + " person id ("
                        + connector.personIds().description() + ")");
            }
            PersonCheck found = connector.checkPerson(tenant, id);
            switch (found.verdict()) {
                case MISSING -> throw new ApiProblem(422, "unknown_person", name, found.detail());
                case UNKNOWN -> throw new ApiProblem(502, "person_check_failed", name, "could not check the id in " + e.getKey() + ": "
                        + found.detail() + "; nothing was changed, try again");
                default -> checked.put(e.getKey(), id);
            }
        }
        return checked;
    }

    /** Applies a checked fix and audits it; a refusal by the store (a do-not-contact withdrawn) is a 409. */
    EventEdits.Edited apply(Caller caller, String eventId, EventEdits.Fix fix, String reason) {
        try {
            EventEdits.Edited edited = edits.apply(eventId, fix, actions::wanted, crm -> !dev.dispositions.gateway.config.Destination.isDestination(crm),
                    reason, caller.name(), clock.instant());
            if (!edited.changes().isEmpty()) {
                audit.record(caller, "event.edit", edited.tenant(), eventId, edited.changes().stream()
                        .map(c -> c.field() + ": " + (c.from() == null ? "(none)" : c.from()) + " → " + c.to()).toList()
                        + "; resent " + edited.resent() + (edited.added().isEmpty() ? "" : "; added " + edited.added())
                        + (reason == null ? "" : "; reason: " + reason));
            }
            return edited;
        } catch (EventEdits.Refused refused) {
            int status = "unknown_event".equals(refused.code()) ? 404 : 409; // in_flight, in_progress, do_not_contact_locked
            throw new ApiProblem(status, refused.code(), refused.getMessage());
        }
    }

    private static String cut(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "…";
    }
}
