package dev.dispositions.gateway.alert;

import dev.dispositions.gateway.store.AlertRecords;
import dev.dispositions.gateway.store.AlertRecords.Subscription;
import java.time.Clock;
import java.util.List;
import java.util.function.Predicate;
import org.springframework.stereotype.Component;

/**
 * Raises an alert to a tenant: once per subject, queued for each of the tenant's subscriptions to its kind (an
 * e-mail address, a webhook destination), and sent with retries by {@link AlertSender}. Every kind goes this way.
 */
@Component
public class Alerts {
    public static final String DEAD_LETTER = "dead-letter";
    public static final String REAUTH = "reauth";
    public static final String HELD = "held";
    public static final String DESTINATION_DISABLED = "destination-disabled";
    public static final String DIGEST = "digest";
    public static final List<String> KINDS = List.of(DEAD_LETTER, REAUTH, HELD, DESTINATION_DISABLED, DIGEST);

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Alerts.class);
    private final AlertRecords records;
    private final Clock clock;

    Alerts(AlertRecords records, Clock clock) {
        this.records = records;
        this.clock = clock;
    }

    /** Raises it for every subscription to the kind. */
    public void raise(String tenant, String kind, String subject, String title, String body) {
        raise(tenant, kind, subject, title, body, s -> true);
    }

    /**
     * Raises it for the subscriptions to the kind that {@code also} lets through (a held connector's alert goes to
     * those whose threshold it passed; a disabled destination is not told of itself). Never throws: an alert that
     * cannot be stored is logged, and what it is about goes on.
     */
    public void raise(String tenant, String kind, String subject, String title, String body, Predicate<Subscription> also) {
        try {
            List<Subscription> to = records.subscriptions(tenant).stream().filter(s -> s.wants(kind)).filter(also).toList();
            if (!to.isEmpty() && records.raise(tenant, kind, subject, title, body, to, clock.instant())) {
                log.info("alert {} to {} subscription(s) of tenant {}: {}", kind, to.size(), tenant, title);
            }
        } catch (RuntimeException e) {
            log.warn("the {} alert of tenant {} ({}) could not be stored: {}", kind, tenant, subject, e.toString());
        }
    }
}
