package dev.dispositions.gateway.dispatch;

import dev.dispositions.gateway.config.GatewayProperties;
import dev.dispositions.gateway.delivery.DeliveryBatch;
import dev.dispositions.gateway.store.ConnectorStates;
import dev.dispositions.gateway.store.Outbox;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/**
 * Each connector is delivered on its own lanes, up to {@code gateway.dispatch.concurrency} at once: a lane sends a
 * batch, settles it and, while its claims come back full, claims the connector's next batch at once. A slow CRM
 * (Bullhorn's one request per Note) holds only its own lanes, never another connector's. The dispatch tick opens
 * lanes for connectors with rows due and a lane free (routes/dispatch.camel.yaml).
 */
@Component("dispatchLanes")
public class DispatchLanes {
    /** Batches one lane sends before it makes way for others waiting for a thread (the tick reopens it). */
    static final int BATCHES_PER_LANE = 100;

    private final ConnectorClaims claims;
    private final Dispatcher dispatcher;
    private final ConnectorStates states;
    private final GatewayProperties.Dispatch settings;
    private final Clock clock;
    private final Map<List<String>, AtomicInteger> open = new ConcurrentHashMap<>();

    DispatchLanes(ConnectorClaims claims, Dispatcher dispatcher, ConnectorStates states, GatewayProperties properties, Clock clock) {
        this.claims = claims;
        this.dispatcher = dispatcher;
        this.states = states;
        this.settings = properties.dispatch();
        this.clock = clock;
    }

    /**
     * One connector's lane: the batch it is sending, whether the claim that made it was full (so more is probably
     * due), and how many batches it has sent.
     */
    public record Lane(DeliveryBatch batch, boolean full, int sent) {
    }

    /** The tick: the first batch of every lane it opens. */
    public List<Lane> open() {
        Instant now = clock.instant();
        states.releaseProbes(now, settings.retry().reauthProbe());
        List<Lane> opened = new ArrayList<>();
        for (Outbox.DueConnector due : claims.ready(now, this::hasFreeLane)) {
            while (hasFreeLane(due.tenant(), due.crm())) {
                ConnectorClaims.Claim claim = claim(due.tenant(), due.crm());
                if (claim.batch() != null) {
                    lanes(due.tenant(), due.crm()).incrementAndGet();
                    opened.add(new Lane(claim.batch(), claim.full(), 0));
                }
                if (!claim.full()) {
                    break;
                }
            }
        }
        return opened;
    }

    /** After a lane's batch is settled: its next batch while the connector's claims come back full, else null (closed). */
    public Lane next(Lane lane) {
        String tenant = lane.batch().tenant();
        String crm = lane.batch().crm();
        boolean more = lane.full();
        while (more && lane.sent() + 1 < BATCHES_PER_LANE) {
            ConnectorClaims.Claim claim = claim(tenant, crm);
            if (claim.batch() != null) {
                return new Lane(claim.batch(), claim.full(), lane.sent() + 1);
            }
            more = claim.full(); // every row claimed was superseded: there may be more behind them
        }
        closed(lane);
        return null;
    }

    /** A lane ended early (its connector threw): its place is free for the next tick. */
    public void closed(Lane lane) {
        if (lane != null) {
            lanes(lane.batch().tenant(), lane.batch().crm()).decrementAndGet();
        }
    }

    /** Lanes open now, across connectors (0 when everything claimed has been settled). */
    public int openLanes() {
        return open.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    private ConnectorClaims.Claim claim(String tenant, String crm) {
        ConnectorClaims.Claim claim = claims.claimOne(tenant, crm);
        dispatcher.skipSuperseded(claim.superseded());
        return claim;
    }

    private boolean hasFreeLane(String tenant, String crm) {
        return lanes(tenant, crm).get() < settings.concurrency();
    }

    private AtomicInteger lanes(String tenant, String crm) {
        return open.computeIfAbsent(List.of(tenant, crm), k -> new AtomicInteger());
    }
}
