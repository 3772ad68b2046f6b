package dev.dispositions.gateway.dispatch;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dispositions.gateway.config.Destination;
import dev.dispositions.gateway.config.TenantDirectory;
import dev.dispositions.gateway.delivery.DeliveryItem;
import dev.dispositions.gateway.store.Outbox;
import dev.dispositions.gateway.store.Redaction;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * When a delivery fails for good (a dead letter), each of the tenant's destinations that takes the
 * {@code delivery-failures} kind is told: a notice through the outbox like any delivery, retried until it lands. A
 * notice that fails is not itself noticed, and a destination is not told of its own failures.
 */
@Component
class FailureNotices {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(FailureNotices.class);
    private static final int REASON_KEPT = 1000;
    /** The note's column holds 4,000 characters: the reason is cut further when escaping made it longer. */
    private static final int NOTE_KEPT = 4000;

    private final TenantDirectory tenants;
    private final Outbox outbox;
    private final ObjectMapper json;
    private final dev.dispositions.gateway.alert.Alerts alerts;
    private final dev.dispositions.gateway.crm.FailureHints hints;

    FailureNotices(TenantDirectory tenants, Outbox outbox, ObjectMapper json, dev.dispositions.gateway.alert.Alerts alerts,
                   dev.dispositions.gateway.crm.FailureHints hints) {
        this.alerts = alerts;
        this.hints = hints;
        this.tenants = tenants;
        this.outbox = outbox;
        this.json = json;
    }

    void settled(Outbox.Settled done, Instant now) {
        DeliveryItem item = done.item();
        if (item == null || item.event() == null || item.isFailureNotice() || !"FAILED".equals(done.settlement().status())) {
            return;
        }
        alert(done);
        String note = null;
        for (String connector : tenants.enabledCrms(done.tenant())) {
            if (!Destination.isDestination(connector) || connector.equals(done.crm())) {
                continue;
            }
            var destination = tenants.destination(done.tenant(), connector);
            if (destination.isPresent() && destination.get().filter().wantsFailureOf(item.event().dialer())) {
                note = note != null ? note : note(done, now);
                try {
                    outbox.raiseNotice(item, done.tenant(), connector, note, now);
                } catch (RuntimeException e) {
                    // The dead letter itself is settled and shown; only this notice of it is missing.
                    log.warn("the notice of dead letter {} to {} of tenant {} could not be stored: {}", item.outboxId(), connector,
                            done.tenant(), e.toString());
                }
            }
        }
    }

    /** The tenant's subscribers to dead letters are told, with what the CRM said and what to do. */
    private void alert(Outbox.Settled done) {
        DeliveryItem item = done.item();
        String reason = Redaction.credentials(done.result().detail() != null ? done.result().detail() : done.settlement().deadReason());
        String hint = hints.hint(new dev.dispositions.gateway.crm.FailedSync(done.tenant(), done.crm(), item.action(),
                item.event().outcome() == null ? null : item.event().outcome().name(), done.result().kind().name(), reason));
        alerts.raise(done.tenant(), dev.dispositions.gateway.alert.Alerts.DEAD_LETTER, "delivery:" + item.outboxId(),
                "Failed sync: " + done.crm() + (item.isActivity() ? "" : " " + item.action()) + " of call " + item.event().callId()
                        + (item.event().outcome() == null ? "" : " (" + item.event().outcome() + ")"),
                done.crm() + " did not take this call after " + done.settlement().attempts() + " attempt(s): " + reason
                        + (hint == null ? "" : "\nWhat to do: " + hint)
                        + "\nSee it, fix it and replay it: GET /api/dead-letters/" + item.outboxId() + " (console: #/delivery/" + item.outboxId() + ").");
    }

    /** What failed, as the notice tells it (docs/destinations/event.schema.json, {@code failure}). */
    private String note(Outbox.Settled done, Instant now) {
        ObjectNode n = json.createObjectNode();
        n.put("connector", done.crm());
        n.put("action", done.item().action());
        n.put("deliveryId", done.item().outboxId());
        String reason = done.result().detail() != null ? done.result().detail() : done.settlement().deadReason();
        reason = Redaction.credentials(reason);
        n.put("reason", reason == null ? null : reason.length() > REASON_KEPT ? reason.substring(0, REASON_KEPT) : reason);
        if (done.result().httpStatus() != null) {
            n.put("httpStatus", done.result().httpStatus());
        }
        n.put("attempts", done.settlement().attempts());
        n.put("failedAt", now.toString());
        for (int kept = REASON_KEPT; n.toString().length() > NOTE_KEPT && kept > 0; kept /= 2) {
            String cut = n.path("reason").asText("");
            n.put("reason", cut.substring(0, Math.min(cut.length(), kept / 2)));
        }
        return n.toString();
    }
}
