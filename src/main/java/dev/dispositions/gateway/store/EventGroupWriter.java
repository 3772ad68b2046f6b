package dev.dispositions.gateway.store;

import dev.dispositions.gateway.canonical.CanonicalDisposition;
import dev.dispositions.gateway.canonical.Outcome;
import dev.dispositions.gateway.delivery.DeliveryItem;
import dev.dispositions.gateway.store.EventStore.Request;
import dev.dispositions.gateway.store.EventStore.Stored;
import dev.dispositions.gateway.store.EventStore.Webhook;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What {@link EventStore}'s group commit writes: a group of webhooks as one transaction of batched statements
 * (requests, events, numbers, outbox rows), each webhook's events ordered against its call's others as if it had
 * been stored alone.
 */
final class EventGroupWriter {
    private static final String INSERT_REQUEST = "insert into webhook_request (id, tenant, dialer, idempotency_key, content_type, "
            + "body, received_at) values (?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_EVENT = "insert into call_event (id, request_id, tenant, dialer, call_id, vendor_event_id, "
            + "occurred_at, occurred_at_source, call_state, outcome, canonical, received_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_PHONE = "insert into call_phone (event_id, phone) values (?, ?)";
    /** A finished event the outcome reports have not read yet ({@link ReportAggregates}): a small row, not the event rewritten. */
    private static final String INSERT_REPORT_PENDING = "insert into report_pending (event_id, tenant, dialer, call_id, received_at) "
            + "values (?, ?, ?, ?, ?)";
    private static final String INSERT_ROW = "insert into outbox (event_id, tenant, crm, call_key, action, status, attempts, "
            + "next_attempt_at, created_at, updated_at) values (?, ?, ?, ?, ?, 'PENDING', 0, ?, ?, ?)";

    /**
     * Ids in the order they are made (UUID version 7): a group's rows go at the end of each id index instead of into
     * as many random pages, which is most of what a commit writes.
     */
    private static final com.fasterxml.uuid.impl.TimeBasedEpochGenerator TIME_ORDERED = com.fasterxml.uuid.Generators.timeBasedEpochGenerator();

    /** The group in one transaction; if another replica stored one of them meanwhile, each on its own. */
    List<Stored> write(List<Webhook> group) {
        try {
            return tx.execute(status -> insert(group));
        } catch (DuplicateKeyException raced) {
            // Another replica stored one of these deliveries since it was looked up: each on its own, to find which.
            return group.stream().map(w -> {
                try {
                    return tx.execute(status -> insert(List.of(w)).get(0));
                } catch (DuplicateKeyException again) {
                    List<String> ids = earlier(List.of(w)).get(w.dedupKey());
                    if (ids == null) {
                        throw again; // not the delivery's key that clashed: nothing stored, the dialer retries
                    }
                    return new Stored(ids, true);
                }
            }).toList();
        }
    }

    /** The group in one transaction: a delivery already stored (before, or earlier in the group) is a duplicate. */
    private List<Stored> insert(List<Webhook> group) {
        Map<List<String>, List<String>> stored = earlier(group);
        Map<List<String>, List<String>> now = new HashMap<>();
        List<Object[]> requests = new ArrayList<>();
        List<Webhook> fresh = new ArrayList<>();
        List<String> requestIds = new ArrayList<>();
        for (Webhook w : group) {
            if (stored.containsKey(w.dedupKey()) || now.containsKey(w.dedupKey())) {
                continue;
            }
            now.put(w.dedupKey(), new ArrayList<>());
            String requestId = TIME_ORDERED.generate().toString();
            Request r = w.request();
            requests.add(new Object[] {requestId, r.tenant(), r.dialer(), w.idempotencyKey(), r.contentType(), r.bodyText(), EventStore.utc(r.receivedAt())});
            fresh.add(w);
            requestIds.add(requestId);
        }
        batch(INSERT_REQUEST, requests);
        List<Object[]> phones = new ArrayList<>();
        List<Object[]> unreported = new ArrayList<>();
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < fresh.size(); i++) {
            Webhook w = fresh.get(i);
            List<String> ids = now.get(w.dedupKey());
            List<Object[]> events = new ArrayList<>();
            OffsetDateTime received = EventStore.utc(w.request().receivedAt());
            for (CanonicalDisposition event : w.events()) {
                String eventId = TIME_ORDERED.generate().toString();
                ids.add(eventId);
                events.add(new Object[] {eventId, requestIds.get(i), event.tenant(), event.dialer(), event.callId(),
                        JdbcSettlements.cut(event.vendorEventId(), 255), EventStore.utc(event.occurredAt()),
                        "vendor".equals(event.occurredAtSource()) ? "vendor" : "receipt", event.state().name(),
                        event.outcome() == null ? null : event.outcome().name(), canonicalJson.write(event), received});
                EventStore.phonesOf(event).forEach(phone -> phones.add(new Object[] {eventId, phone}));
                if (event.isTerminal()) {
                    unreported.add(new Object[] {eventId, event.tenant(), event.dialer(), event.callId(), received});
                }
            }
            // The webhook's events are written before they are ordered against the call's others, earlier ones of the
            // group included (as if each webhook were its own transaction).
            batch(INSERT_EVENT, events);
            for (int e = 0; e < w.events().size(); e++) {
                rows.addAll(rowsFor(w, w.events().get(e), ids.get(e), received));
            }
        }
        batch(INSERT_PHONE, phones);
        batch(INSERT_REPORT_PENDING, unreported);
        batch(INSERT_ROW, rows);
        rows.forEach(r -> kinds.stored((String) r[1], (String) r[2], (String) r[4]));
        java.util.Set<Webhook> written = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        written.addAll(fresh);
        return group.stream().map(w -> stored.containsKey(w.dedupKey()) ? new Stored(stored.get(w.dedupKey()), true)
                : new Stored(now.get(w.dedupKey()), !written.contains(w))).toList();
    }

    /** The event's outbox rows: its activity and actions in every CRM, unless the call has a newer event; do-not-contact always. */
    private List<Object[]> rowsFor(Webhook w, CanonicalDisposition event, String eventId, OffsetDateTime at) {
        List<Object[]> rows = new ArrayList<>();
        if (!event.isTerminal()) {
            return rows;
        }
        if (!olderThanTheCallsLatest(event, eventId)) {
            for (String crm : w.crms()) {
                if (!w.actions().wants(crm, event, DeliveryItem.ACTIVITY)) {
                    continue;
                }
                rows.add(row(eventId, event, crm, DeliveryItem.ACTIVITY, at));
                for (String action : w.actions().actionsFor(crm, event)) {
                    rows.add(row(eventId, event, crm, action, at));
                }
            }
        }
        // Locked: a request not to be contacted is honoured in every CRM, even when it arrives late.
        if (event.outcome() == Outcome.DO_NOT_CONTACT) {
            for (String crm : w.crms()) {
                if (w.actions().wants(crm, event, DeliveryItem.DO_NOT_CONTACT)) {
                    rows.add(row(eventId, event, crm, DeliveryItem.DO_NOT_CONTACT, at));
                }
            }
        }
        return rows;
    }

    private static Object[] row(String eventId, CanonicalDisposition event, String crm, String action, OffsetDateTime at) {
        return new Object[] {eventId, event.tenant(), crm, EventStore.callKey(event), action, at, at, at};
    }

    private void batch(String sql, List<Object[]> rows) {
        if (!rows.isEmpty()) {
            jdbc.batchUpdate(sql, rows);
        }
    }

    /**
     * Per call, events apply in vendor-time order ({@link CallOrder}): a finished-call event older than one already
     * stored for the same call (a late redelivery, an out-of-order update) is kept on the timeline but sends nothing.
     */
    private boolean olderThanTheCallsLatest(CanonicalDisposition event, String eventId) {
        return !jdbc.queryForList(CallOrder.A_NEWER_EVENT, String.class, eventId).isEmpty();
    }

    /**
     * The event ids of the group's deliveries stored before, by (tenant, dialer, idempotency key): one point look-up
     * each on the unique key (an IN list over the key would scan the dialer's every request).
     */
    private Map<List<String>, List<String>> earlier(List<Webhook> group) {
        Map<List<String>, List<String>> found = new HashMap<>();
        for (Webhook w : group) {
            if (found.containsKey(w.dedupKey())) {
                continue;
            }
            List<String> requestIds = jdbc.queryForList("select id from webhook_request where tenant = ? and dialer = ? and idempotency_key = ?",
                    String.class, w.request().tenant(), w.request().dialer(), w.idempotencyKey());
            if (!requestIds.isEmpty()) {
                found.put(w.dedupKey(), jdbc.queryForList("select id from call_event where request_id = ? order by occurred_at, id",
                        String.class, requestIds.get(0)));
            }
        }
        return found;
    }


    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final CanonicalJson canonicalJson;
    private final OutboxKinds kinds;

    EventGroupWriter(JdbcTemplate jdbc, TransactionTemplate tx, CanonicalJson canonicalJson, OutboxKinds kinds) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.canonicalJson = canonicalJson;
        this.kinds = kinds;
    }
}
