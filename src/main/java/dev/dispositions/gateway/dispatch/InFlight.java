package dev.dispositions.gateway.dispatch;

import dev.dispositions.gateway.config.GatewayProperties;
import dev.dispositions.gateway.store.Outbox;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The rows this instance has claimed and not settled yet. Their leases are short (seconds) and renewed every third
 * of a lease while they are in flight, so a slow CRM call keeps its claim and a replica that died is taken over
 * within one lease. Claims carry this instance's name: restarted under the same name (the same host and port, or
 * {@code gateway.dispatch.instance}), it takes back at once the rows it died holding.
 */
@Component
public class InFlight implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(InFlight.class);

    private final Outbox outbox;
    private final Clock clock;
    private final Duration lease;
    private final String configuredName;
    private final Map<Long, Claim> claims = new ConcurrentHashMap<>();
    private volatile String name;
    private ScheduledExecutorService renewals;

    InFlight(Outbox outbox, Clock clock, GatewayProperties properties) {
        this.outbox = outbox;
        this.clock = clock;
        this.lease = properties.dispatch().lease();
        this.configuredName = properties.dispatch().instance();
        // Until the web server's port is known, a name no restart can share.
        this.name = configuredName != null && !configuredName.isBlank() ? configuredName : host() + ":" + UUID.randomUUID();
    }

    /** The name this instance's claims carry. */
    public String name() {
        return name;
    }

    /**
     * Once the port is bound (no other live instance can hold the same host and port), the name is host:port, and what
     * an earlier run under it left in flight is due again at once.
     */
    @EventListener
    void serverStarted(WebServerInitializedEvent started) {
        if (started.getApplicationContext().getServerNamespace() != null) {
            return; // the management server's
        }
        if (configuredName == null || configuredName.isBlank()) {
            name = host() + ":" + started.getWebServer().getPort();
        }
        int retaken = outbox.retake(name, clock.instant());
        if (retaken > 0) {
            log.info("instance {} restarted: {} rows it had in flight are due again", name, retaken);
        }
    }

    /** When a row was claimed, and under which name (the name changes once, when the port is known). */
    private record Claim(Instant at, String by) {
    }

    /** Rows just claimed under {@link #name()}. */
    void claimed(List<Long> outboxIds, String by, Instant at) {
        outboxIds.forEach(id -> claims.put(id, new Claim(at, by)));
    }

    /**
     * The row is settled (or released): its lease is no longer renewed.
     *
     * @param inFlight  how long it was in flight (zero if it was not claimed here)
     * @param claimant  the name it was claimed under
     */
    record Landed(Duration inFlight, String claimant) {
    }

    Landed settled(long outboxId, Instant now) {
        Claim claim = claims.remove(outboxId);
        return claim == null ? new Landed(Duration.ZERO, name) : new Landed(Duration.between(claim.at(), now), claim.by());
    }

    /**
     * A claim is renewed for at most this long: a batch no settlement ever came back for (a bug, a hung thread) is
     * not held for ever, its rows fall due again when their lease lapses.
     */
    private static final Duration LONGEST_FLIGHT = Duration.ofMinutes(10);

    private void renew() {
        try {
            Instant now = clock.instant();
            Instant until = now.plus(lease);
            claims.entrySet().removeIf(e -> {
                boolean stale = e.getValue().at().isBefore(now.minus(LONGEST_FLIGHT));
                if (stale) {
                    log.warn("row {} was claimed {} ago and never settled: its lease is no longer renewed", e.getKey(),
                            Duration.between(e.getValue().at(), now));
                }
                return stale;
            });
            claims.entrySet().stream().collect(java.util.stream.Collectors.groupingBy(e -> e.getValue().by(),
                            java.util.stream.Collectors.mapping(Map.Entry::getKey, java.util.stream.Collectors.toList())))
                    .forEach((by, ids) -> {
                        for (int i = 0; i < ids.size(); i += 500) {
                            outbox.renew(ids.subList(i, Math.min(ids.size(), i + 500)), by, until);
                        }
                    });
            Duration took = Duration.between(now, clock.instant());
            if (took.compareTo(lease.dividedBy(3)) > 0) {
                // Another renewal this late and a claim lapses while its batch is in flight: another replica may send it too.
                log.warn("renewing the leases of {} rows in flight took {} (lease {}): is the connection pool exhausted?", claims.size(),
                        took, lease);
            }
        } catch (RuntimeException e) {
            log.warn("could not renew the leases of {} rows in flight: {}", claims.size(), e.toString());
        }
    }

    @Override
    public synchronized void start() {
        renewals = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lease-renewal");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(100, lease.toMillis() / 3);
        renewals.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (renewals != null) {
            renewals.shutdownNow();
            renewals = null;
        }
    }

    @Override
    public boolean isRunning() {
        return renewals != null;
    }

    /** After Camel's (a lower phase stops later): leases are renewed until the batches in flight have ended. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "localhost";
        }
    }
}
