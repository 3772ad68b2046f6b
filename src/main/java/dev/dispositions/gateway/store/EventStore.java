package dev.dispositions.gateway.store;

import dev.dispositions.gateway.canonical.CanonicalDisposition;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import dev.dispositions.gateway.config.GatewayProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The inbox: stores accepted webhooks, their canonical events and their outbox rows. Concurrent webhooks are
 * committed together ({@link GroupCommit}): one transaction of batched statements per group, and nothing is
 * acknowledged to a dialer before the commit that holds its webhook.
 */
@Repository
public class EventStore implements SmartLifecycle {
    private final GroupCommit<Webhook, Stored> commits;

    public EventStore(JdbcTemplate jdbc, TransactionTemplate tx, CanonicalJson canonicalJson, GatewayProperties properties,
                      OutboxKinds kinds) {
        this.commits = new GroupCommit<>("ingest-group-commit", properties.ingest().groupCommit(),
                new EventGroupWriter(jdbc, tx, canonicalJson, kinds)::write);
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

        /**
         * Whether this connector takes this kind of delivery of the event at all ({@code activity} or
         * {@code do-not-contact}): every CRM takes both; a destination, what its filter lets through.
         */
        default boolean wants(String crm, CanonicalDisposition event, String kind) {
            return true;
        }

        ActionPlan NONE = (crm, event) -> List.of();
    }

    /** One webhook to store, with what its events call for. */
    record Webhook(Request request, String idempotencyKey, List<CanonicalDisposition> events, List<String> crms,
                   ActionPlan actions) {
        List<String> dedupKey() {
            return List.of(request.tenant(), request.dialer(), idempotencyKey);
        }
    }

    /**
     * Stores the webhook with whatever arrives with it, and returns after the commit.
     *
     * @param crmsFor the connectors each finished event goes to; in-progress events get none
     * @param actions what each finished event calls for beyond its activity, per CRM
     * @throws GroupCommit.NotRunning while the gateway starts or stops: nothing was stored
     */
    public Stored store(Request webhook, String idempotencyKey, List<CanonicalDisposition> events,
                        List<String> crmsFor, ActionPlan actions) {
        return commits.write(new Webhook(webhook, idempotencyKey, events, crmsFor, actions));
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

    public static String callKey(CanonicalDisposition event) {
        return event.tenant() + "/" + event.dialer() + "/" + event.callId();
    }

    @Override
    public void start() {
        commits.start();
    }

    /** After the web server stopped taking requests (a lower phase stops later): what is queued is still written. */
    @Override
    public void stop() {
        commits.stop();
    }

    @Override
    public boolean isRunning() {
        return commits.isRunning();
    }

    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
