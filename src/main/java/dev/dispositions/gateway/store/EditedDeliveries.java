package dev.dispositions.gateway.store;

import dev.dispositions.gateway.canonical.CanonicalDisposition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * What an edit of an event does to its deliveries, inside the edit's transaction ({@link EventEdits}): adds those the
 * edited outcome newly calls for, closes the old outcome's actions not written yet, and sends again what the edit
 * changes.
 */
final class EditedDeliveries {
    private final NamedParameterJdbcTemplate named;
    private final OutboxKinds kinds;

    EditedDeliveries(NamedParameterJdbcTemplate named, OutboxKinds kinds) {
        this.named = named;
        this.kinds = kinds;
    }

    /** The deliveries an edited outcome newly calls for; a superseded event gets only the locked do-not-contact. */
    List<Long> add(String eventId, CanonicalDisposition event, List<List<String>> rows, Instant now) {
        boolean superseded = !named.getJdbcTemplate().queryForList(CallOrder.A_NEWER_EVENT, String.class, eventId).isEmpty();
        List<Long> added = new ArrayList<>();
        for (List<String> row : rows) {
            MapSqlParameterSource p = new MapSqlParameterSource("id", eventId).addValue("crm", row.get(0)).addValue("action", row.get(1));
            if ((superseded && !"do-not-contact".equals(row.get(1)))
                    || named.queryForObject("select count(*) from outbox where event_id = :id and crm = :crm and action = :action", p, Long.class) > 0) {
                continue;
            }
            named.update("insert into outbox (event_id, tenant, crm, call_key, action, status, attempts, next_attempt_at, created_at, updated_at) "
                    + "values (:id, :tenant, :crm, :key, :action, 'PENDING', 0, :now, :now, :now)", p.addValue("tenant", event.tenant())
                    .addValue("key", EventStore.callKey(event)).addValue("now", EventStore.utc(now)));
            added.add(named.queryForObject("select id from outbox where event_id = :id and crm = :crm and action = :action", p, Long.class));
            kinds.stored(event.tenant(), row.get(0), row.get(1));
        }
        return added;
    }

    /** An outcome action the edited outcome no longer calls for, not yet written, is closed: it must not be written now. */
    void withdraw(String eventId, List<List<String>> wanted, CanonicalDisposition after, Instant now) {
        named.query("select id, crm, action from outbox where event_id = :id and action not in ('activity', 'do-not-contact') "
                + "and action not like 'failed:%' and status in ('PENDING', 'RETRYING', 'PARKED', 'FAILED', 'DISCARDED')",
                new MapSqlParameterSource("id", eventId), rs -> {
                    if (!wanted.contains(List.of(rs.getString(2), rs.getString(3)))) {
                        named.update("update outbox set status = 'SKIPPED', last_result = 'SKIPPED', last_detail = :why, dead_reason = null, "
                                + "dead_at = null, updated_at = :now where id = :row", new MapSqlParameterSource("row", rs.getLong(1))
                                .addValue("now", EventStore.utc(now)).addValue("why", "not wanted since support changed the outcome to "
                                        + after.outcome()));
                    }
                });
    }

    /**
     * Sends again what the edit changes: the event's deliveries for an outcome, the one CRM's for a person's id. A
     * written activity or do-not-contact is rewritten (a destination's is not: its receiver has it under its id); a
     * written action may have created a record (a follow-up Task), so only a failed one is sent again. After a
     * person's id changed, the activity forgets its record id, so the connector writes it through its idempotent
     * create (Salesforce's upsert on the call's key, HubSpot's create-or-upsert with its link, Bullhorn's Note found by
     * its key) and the person is linked. Deliveries not yet settled read the edited event when they are claimed.
     */
    List<Long> resend(MapSqlParameterSource p, String scope, List<String> people, java.util.function.Predicate<String> rewritesInPlace) {
        List<Long> ids = new ArrayList<>();
        List<Long> forget = new ArrayList<>();
        named.query("select id, crm, status, action from outbox where event_id = :id and action not like 'failed:%' and status in "
                + "('FAILED', 'DISCARDED', 'DELIVERED', 'SKIPPED')" + scope + " for update", p, rs -> {
                    boolean written = "DELIVERED".equals(rs.getString(3)) || "SKIPPED".equals(rs.getString(3));
                    boolean rewritable = List.of("activity", "do-not-contact").contains(rs.getString(4)) && rewritesInPlace.test(rs.getString(2));
                    if (written && (!rewritable || "SKIPPED".equals(rs.getString(3)) && !"activity".equals(rs.getString(4)))) {
                        return;
                    }
                    ids.add(rs.getLong(1));
                    if (people.contains(rs.getString(2))) {
                        forget.add(rs.getLong(1));
                    }
                });
        if (ids.isEmpty()) {
            return ids;
        }
        p.addValue("ids", ids).addValue("forget", forget.isEmpty() ? List.of(-1L) : forget);
        named.update("insert into support_action (event_id, outbox_id, tenant, crm, action, reason, at, actor) "
                + "select event_id, id, tenant, crm, 'REPLAY', :why, :now, :actor from outbox where id in (:ids)", p);
        named.update("update outbox set status = 'PENDING', attempts = 0, next_attempt_at = :now, dead_reason = null, dead_at = null, "
                + "replays = replays + 1, updated_at = :now, crm_record_id = case when id in (:forget) then null else crm_record_id end "
                + "where id in (:ids)", p);
        return ids;
    }

}
