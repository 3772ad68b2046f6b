package dev.dispositions.gateway.dispatch;

import dev.dispositions.gateway.config.GatewayProperties;
import dev.dispositions.gateway.config.TenantDirectory;
import dev.dispositions.gateway.crm.CrmRegistry;
import dev.dispositions.gateway.delivery.DeliveryBatch;
import dev.dispositions.gateway.delivery.DeliveryItem;
import dev.dispositions.gateway.store.Outbox;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What dispatch claims: batches of a tenant connector's due rows, each up to that connector's batch size (what its
 * CRM takes in one request) of each kind, since the activities, each outcome action and do-not-contact go in
 * requests of their own. A connector with less than a full batch due waits up to the linger for more, unless its
 * oldest row has waited that long already, so a trickle of calls still leaves within about a second.
 */
@Component
class ConnectorClaims {
    private static final Logger log = LoggerFactory.getLogger(ConnectorClaims.class);

    private final Outbox outbox;
    private final GatewayProperties.Dispatch settings;
    private final CrmRegistry connectors;
    private final TenantDirectory tenants;

    private final InFlight inFlight;

    private final java.time.Clock clock;

    ConnectorClaims(Outbox outbox, GatewayProperties properties, CrmRegistry connectors, TenantDirectory tenants, InFlight inFlight,
                    java.time.Clock clock) {
        this.clock = clock;
        this.outbox = outbox;
        this.inFlight = inFlight;
        this.settings = properties.dispatch();
        this.connectors = connectors;
        this.tenants = tenants;
    }

    /**
     * One claim of a connector's due rows.
     *
     * @param batch      what to send, null when every row claimed was superseded (or nothing was due)
     * @param superseded rows claimed whose call has a newer event, to be settled as skipped
     * @param full       whether some kind filled its batch, so more is probably due now
     */
    record Claim(DeliveryBatch batch, List<Outbox.Claimed> superseded, boolean full) {
        static final Claim NOTHING = new Claim(null, List.of(), false);
    }

    /**
     * The connectors worth claiming from now: rows due, and either a full batch of some kind or an oldest row that
     * has waited the linger. Connectors {@code looked} refuses (every lane busy) are not looked at.
     */
    List<Outbox.DueConnector> ready(Instant now, java.util.function.BiPredicate<String, String> looked) {
        List<Outbox.DueConnector> ready = new ArrayList<>();
        for (Outbox.DueConnector due : dueConnectors(now, looked)) {
            if (due.due() >= batchSize(due.tenant(), due.crm()) || !due.oldestDue().isAfter(now.minus(settings.linger()))) {
                ready.add(due);
            }
        }
        return ready;
    }

    private final Map<List<String>, Object> claimLocks = new ConcurrentHashMap<>();

    /**
     * Claims one batch of the connector's due rows. Claims of one connector are made one at a time in this instance:
     * each skips the calls whose rows are in flight, so a call's rows to one CRM are never in flight together. Each
     * claim's lease counts from when it is made: one counted from earlier (a tick's start, or before waiting for the
     * lock) would be shorter, or lapsed already, and another lane or replica could take and send it too.
     */
    Claim claimOne(String tenant, String crm) {
        int size = batchSize(tenant, crm);
        try {
            synchronized (claimLocks.computeIfAbsent(List.of(tenant, crm), k -> new Object())) {
                Instant now = clock.instant();
                String claimant = inFlight.name();
                List<Outbox.Claimed> claimed = outbox.claimDue(tenant, crm, size, settings.lease(), now, claimant);
                inFlight.claimed(claimed.stream().map(c -> c.item().outboxId()).toList(), claimant, now);
                boolean full = claimed.stream().collect(Collectors.groupingBy(c -> c.item().action(), Collectors.counting()))
                        .values().stream().anyMatch(k -> k >= size);
                List<DeliveryItem> items = new ArrayList<>();
                List<Outbox.Claimed> superseded = new ArrayList<>();
                for (Outbox.Claimed c : claimed) {
                    if (c.supersededBy() != null) {
                        superseded.add(c);
                    } else {
                        items.add(c.item());
                    }
                }
                return new Claim(items.isEmpty() ? null : new DeliveryBatch(tenant, crm, items), superseded, full);
            }
        } catch (RuntimeException e) {
            // One connector's trouble must not stop the others' deliveries; what it claimed lapses and comes back.
            log.warn("connector {} of tenant {}: cannot claim due rows: {}", crm, tenant, e.toString());
            return Claim.NOTHING;
        }
    }

    /** Every this many cycles (about a minute) the whole outbox is looked at, for connectors no longer configured. */
    private static final int SWEEP_EVERY = 120;

    private long cycles;

    /**
     * Every enabled connector with rows due, each looked at up to its batch size; once a minute also any other
     * connector with rows due (its tenant or CRM removed from the configuration since), which is claimed as before so
     * that its rows fail where support sees them rather than wait unseen.
     */
    private List<Outbox.DueConnector> dueConnectors(Instant now, java.util.function.BiPredicate<String, String> looked) {
        Set<List<String>> look = new LinkedHashSet<>();
        tenants.all().keySet().stream().sorted().forEach(t -> tenants.enabledCrms(t).forEach(crm -> look.add(List.of(t, crm))));
        if (cycles++ % SWEEP_EVERY == 0) {
            look.addAll(outbox.connectorsWithRows());
        }
        List<Outbox.DueConnector> due = new ArrayList<>();
        for (List<String> c : look) {
            if (!looked.test(c.get(0), c.get(1))) {
                continue;
            }
            try {
                Outbox.DueConnector d = outbox.peekDue(c.get(0), c.get(1), batchSize(c.get(0), c.get(1)), now);
                if (d.due() > 0) {
                    due.add(d);
                }
            } catch (RuntimeException e) {
                // One connector's trouble must not stop the others' deliveries.
                log.warn("connector {} of tenant {}: cannot look for due rows: {}", c.get(1), c.get(0), e.toString());
            }
        }
        return due;
    }

    private int batchSize(String tenant, String crm) {
        try {
            return connectors.find(crm).map(c -> c.batchSize(tenant)).orElse(settings.batchSize());
        } catch (RuntimeException notConfigured) {
            return settings.batchSize(); // a connector the tenant no longer has: its rows are claimed and fail visibly
        }
    }
}
