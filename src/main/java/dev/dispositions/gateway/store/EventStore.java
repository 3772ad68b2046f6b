package dev.dispositions.gateway.store;

import dev.dispositions.gateway.canonical.CanonicalDisposition;
import dev.dispositions.gateway.canonical.Outcome;
import dev.dispositions.gateway.delivery.DeliveryItem;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The inbox: stores an accepted webhook, its canonical events and their outbox rows in one transaction. Nothing
 * is acknowledged to a dialer before this commits.
 */
@Repository
public class EventStore {
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final CanonicalJson canonicalJson;

    public EventStore(JdbcTemplate jdbc, TransactionTemplate tx, CanonicalJson canonicalJson) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.canonicalJson = canonicalJson;
    }

    /** The request as it is kept: who it was for, its content type, its body (its secrets masked), when it came. */
    public record Request(String tenant, String dialer, String contentType, String bodyText, Instant receivedAt) {
    }

    /** The outcome of storing: the event ids, and whether they were stored now or by an earlier delivery. */
    public record Stored(List<String> eventIds, boolean duplicate) {
    }

    /** The outcome actions a finished event calls for in one CRM, from its mapping file. */
    public interface ActionPlan {
        List<String> actionsFor(String crm, CanonicalDisposition event);

        ActionPlan NONE = (crm, event) -> List.of();
    }

    /**
     * @param crmsFor the connectors each finished event goes to; in-progress events get none
     * @param actions what each finished event calls for beyond its activity, per CRM
     */
    public Stored store(Request webhook, String idempotencyKey, List<CanonicalDisposition> events,
                        List<String> crmsFor, ActionPlan actions) {
        Optional<List<String>> earlier = eventsOf(webhook.tenant(), webhook.dialer(), idempotencyKey);
        if (earlier.isPresent()) {
            return new Stored(earlier.get(), true);
        }
        try {
            return tx.execute(status -> insert(webhook, idempotencyKey, events, crmsFor, actions));
        } catch (DuplicateKeyException raced) {
            // The same delivery arrived twice at once and the other one committed first.
            return new Stored(eventsOf(webhook.tenant(), webhook.dialer(), idempotencyKey).orElseThrow(), true);
        }
    }

    private Stored insert(Request webhook, String idempotencyKey, List<CanonicalDisposition> events, List<String> crms,
                          ActionPlan actions) {
        String requestId = UUID.randomUUID().toString();
        OffsetDateTime received = utc(webhook.receivedAt());
        jdbc.update("insert into webhook_request (id, tenant, dialer, idempotency_key, content_type, body, received_at) "
                        + "values (?, ?, ?, ?, ?, ?, ?)",
                requestId, webhook.tenant(), webhook.dialer(), idempotencyKey, webhook.contentType(), webhook.bodyText(), received);
        List<String> ids = new ArrayList<>();
        for (CanonicalDisposition event : events) {
            String eventId = UUID.randomUUID().toString();
            jdbc.update("insert into call_event (id, request_id, tenant, dialer, call_id, vendor_event_id, occurred_at, "
                            + "occurred_at_source, call_state, outcome, canonical, received_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    eventId, requestId, event.tenant(), event.dialer(), event.callId(), cut(event.vendorEventId(), 255),
                    utc(event.occurredAt()), "vendor".equals(event.occurredAtSource()) ? "vendor" : "receipt", event.state().name(),
                    event.outcome() == null ? null : event.outcome().name(), canonicalJson.write(event), received);
            for (String phone : phonesOf(event)) {
                jdbc.update("insert into call_phone (event_id, phone) values (?, ?)", eventId, phone);
            }
            if (event.isTerminal() && !olderThanTheCallsLatest(event, eventId)) {
                for (String crm : crms) {
                    insertRow(eventId, event, crm, DeliveryItem.ACTIVITY, received);
                    for (String action : actions.actionsFor(crm, event)) {
                        insertRow(eventId, event, crm, action, received);
                    }
                }
            }
            // Locked: a request not to be contacted is honoured in every CRM, even when it arrives late.
            if (event.isTerminal() && event.outcome() == Outcome.DO_NOT_CONTACT) {
                for (String crm : crms) {
                    insertRow(eventId, event, crm, DeliveryItem.DO_NOT_CONTACT, received);
                }
            }
            ids.add(eventId);
        }
        return new Stored(ids, false);
    }

    /** The call's numbers in E.164 (from, to, the prospect's), each once: support searches events by them. */
    static java.util.Set<String> phonesOf(CanonicalDisposition event) {
        java.util.Set<String> phones = new java.util.LinkedHashSet<>();
        for (String n : new String[] {event.fromNumber(), event.toNumber(), event.prospect().phone()}) {
            if (n != null && !n.isBlank() && n.length() <= 32) {
                phones.add(n);
            }
        }
        return phones;
    }

    private void insertRow(String eventId, CanonicalDisposition event, String crm, String action, OffsetDateTime at) {
        jdbc.update("insert into outbox (event_id, tenant, crm, call_key, action, status, attempts, next_attempt_at, created_at, "
                + "updated_at) values (?, ?, ?, ?, ?, 'PENDING', 0, ?, ?, ?)", eventId, event.tenant(), crm, callKey(event), action, at, at, at);
    }

    /**
     * Per call, events apply in vendor-time order ({@link CallOrder}): a finished-call event older than one already
     * stored for the same call (a late redelivery, an out-of-order update) is kept on the timeline but sends nothing.
     */
    private boolean olderThanTheCallsLatest(CanonicalDisposition event, String eventId) {
        return !jdbc.queryForList(CallOrder.A_NEWER_EVENT, String.class, eventId).isEmpty();
    }

    public static String callKey(CanonicalDisposition event) {
        return event.tenant() + "/" + event.dialer() + "/" + event.callId();
    }

    private Optional<List<String>> eventsOf(String tenant, String dialer, String idempotencyKey) {
        List<String> requestIds = jdbc.queryForList(
                "select id from webhook_request where tenant = ? and dialer = ? and idempotency_key = ?",
                String.class, tenant, dialer, idempotencyKey);
        if (requestIds.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(jdbc.queryForList("select id from call_event where request_id = ? order by occurred_at, id",
                String.class, requestIds.get(0)));
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
