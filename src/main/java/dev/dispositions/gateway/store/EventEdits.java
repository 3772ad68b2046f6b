package dev.dispositions.gateway.store;

import dev.dispositions.gateway.canonical.CanonicalDisposition;
import dev.dispositions.gateway.canonical.Outcome;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Support's edits of a stored event: what the gateway could not know (a person's id in one CRM, the outcome). The
 * canonical event changes in place, under a row lock; the dialer's payload never does. Each change is kept with
 * its actor, the event's deliveries it touches are sent again (rendered from the edited event), and the deliveries
 * it newly calls for (an outcome changed to DO_NOT_CONTACT adds the locked do-not-call ones) are added.
 */
@Repository
public class EventEdits {
    private final NamedParameterJdbcTemplate named;
    private final TransactionTemplate tx;
    private final CanonicalJson canonicalJson;

    private final EditedDeliveries deliveries;

    EventEdits(NamedParameterJdbcTemplate named, TransactionTemplate tx, CanonicalJson canonicalJson, OutboxKinds kinds) {
        this.named = named;
        this.tx = tx;
        this.canonicalJson = canonicalJson;
        this.deliveries = new EditedDeliveries(named, kinds);
    }

    /**
     * @param personIds a person's id per CRM, set on the event's prospect
     * @param outcome   the new outcome, or null to keep it
     */
    public record Fix(Map<String, String> personIds, Outcome outcome) {
        public Fix {
            personIds = personIds == null ? Map.of() : Map.copyOf(personIds);
        }
    }

    /** @param field {@code outcome} or {@code prospect.crmIds.<crm>} */
    public record Change(String field, String from, String to) {
    }

    /**
     * @param resent the deliveries put back on the schedule
     * @param added  the deliveries the edit newly calls for
     */
    public record Edited(String eventId, String tenant, List<Change> changes, List<Long> resent, List<Long> added) {
    }

    /** One kept change, for the event's page. */
    public record EditView(String field, String from, String to, String reason, String actor, OffsetDateTime at) {
    }

    /** Why an edit is not made; nothing was changed. */
    public static final class Refused extends RuntimeException {
        private final String code;

        Refused(String code, String message) {
            super(message, null, false, false);
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    /** The event's tenant, if it is stored. */
    public Optional<String> tenantOf(String eventId) {
        return named.queryForList("select tenant from call_event where id = :id", new MapSqlParameterSource("id", eventId), String.class)
                .stream().findFirst();
    }

    /**
     * Applies the fix to the event, in one transaction with its bookkeeping.
     *
     * @param wanted          the (connector, action) pairs an event calls for now, e.g. {@code [hubspot, do-not-contact]}
     * @param rewritesInPlace whether a connector's written record is rewritten when its event changes: a CRM's is (by
     *                        its key or id); a destination's is not, since its receiver has the event under its id
     * @throws Refused the event is unknown, still in progress, being sent this moment, or a do-not-contact would be withdrawn
     */
    public Edited apply(String eventId, Fix fix, Function<CanonicalDisposition, List<List<String>>> wanted,
                        java.util.function.Predicate<String> rewritesInPlace, String reason, String actor, Instant now) {
        return tx.execute(status -> {
            MapSqlParameterSource p = new MapSqlParameterSource("id", eventId).addValue("now", EventStore.utc(now))
                    .addValue("actor", actor).addValue("why", cut(reason, 2000));
            List<String> stored = named.queryForList("select canonical from call_event where id = :id for update", p, String.class);
            if (stored.isEmpty()) {
                throw new Refused("unknown_event", "no event " + eventId);
            }
            CanonicalDisposition before = canonicalJson.read(stored.get(0));
            if (!before.isTerminal()) {
                throw new Refused("in_progress", "the call is still in progress: there is no finished event to fix");
            }
            if (before.outcome() == Outcome.DO_NOT_CONTACT && fix.outcome() != null && fix.outcome() != Outcome.DO_NOT_CONTACT) {
                throw new Refused("do_not_contact_locked", "a request not to be contacted is never withdrawn: the outcome stays DO_NOT_CONTACT");
            }
            List<Change> changes = new ArrayList<>();
            CanonicalDisposition after = before;
            for (var e : fix.personIds().entrySet()) {
                String had = before.prospect().crmIds().get(e.getKey());
                if (!e.getValue().equals(had)) {
                    changes.add(new Change("prospect.crmIds." + e.getKey(), had, e.getValue()));
                    after = after.withProspectCrmId(e.getKey(), e.getValue());
                }
            }
            boolean outcomeChanged = fix.outcome() != null && fix.outcome() != before.outcome();
            if (outcomeChanged) {
                changes.add(new Change("outcome", before.outcome() == null ? null : before.outcome().name(), fix.outcome().name()));
                after = after.toBuilder().outcome(fix.outcome()).build();
            }
            if (changes.isEmpty()) {
                return new Edited(eventId, before.tenant(), List.of(), List.of(), List.of());
            }
            List<String> people = changes.stream().filter(c -> c.field().startsWith(PERSON)).map(c -> c.field().substring(PERSON.length())).toList();
            p.addValue("crms", people.isEmpty() ? List.of("") : people);
            String scope = outcomeChanged ? "" : " and crm in (:crms)";
            // One being sent now would settle with the event as it was, and the edit would be lost on it.
            if (!named.queryForList("select id from outbox where event_id = :id and status = 'IN_FLIGHT' and action not like 'failed:%'"
                    + scope, p, Long.class).isEmpty()) {
                throw new Refused("in_flight", "a delivery of this event is being sent this moment: nothing was changed, try again in a few seconds");
            }
            p.addValue("canonical", canonicalJson.write(after)).addValue("outcome", after.outcome() == null ? null : after.outcome().name())
                    .addValue("tenant", before.tenant());
            named.update("update call_event set canonical = :canonical, outcome = :outcome where id = :id", p);
            for (Change c : changes) {
                named.update("insert into event_edit (event_id, tenant, field, old_value, new_value, reason, actor, at) values "
                        + "(:id, :tenant, :field, :old, :new, :why, :actor, :now)", new MapSqlParameterSource(p.getValues())
                        .addValue("field", c.field()).addValue("old", cut(c.from(), 255)).addValue("new", cut(c.to(), 255)));
            }
            named.update("insert into support_action (event_id, tenant, action, reason, at, actor) values (:id, :tenant, 'EDIT', :what, :now, :actor)",
                    new MapSqlParameterSource(p.getValues()).addValue("what", cut(describe(changes) + (reason == null ? "" : "; reason: " + reason), 2000)));
            // The outcome reports count the call again from its edited event (the recount is idempotent).
            named.update("insert into report_pending (event_id, tenant, dialer, call_id, received_at) select id, tenant, dialer, call_id, "
                    + "received_at from call_event e where id = :id and not exists (select 1 from report_pending r where r.event_id = e.id)", p);
            List<Long> added = List.of();
            if (outcomeChanged) {
                List<List<String>> nowWanted = wanted.apply(after);
                deliveries.withdraw(eventId, nowWanted, after, now);
                List<List<String>> newly = new ArrayList<>(nowWanted);
                newly.removeAll(wanted.apply(before));
                added = deliveries.add(eventId, after, newly, now);
            }
            List<Long> resent = deliveries.resend(p, scope, people, rewritesInPlace);
            return new Edited(eventId, before.tenant(), changes, resent, added);
        });
    }

    private static final String PERSON = "prospect.crmIds.";

    private static String describe(List<Change> changes) {
        return String.join(", ", changes.stream().map(c -> c.field() + " " + (c.from() == null ? "(none)" : c.from()) + " → " + c.to()).toList());
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
