package dev.dispositions.gateway.metrics;

import dev.dispositions.gateway.delivery.OutboxStatus;
import dev.dispositions.gateway.config.TenantDirectory;
import dev.dispositions.gateway.dispatch.Dispatcher;
import dev.dispositions.gateway.store.ConnectorBacklog;
import dev.dispositions.gateway.store.ConnectorStates;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * What the database knows, as gauges per tenant connector, read again every {@code gateway.metrics.refresh}:
 * dead letters ({@code gateway_dead_letters}), deliveries waiting by status ({@code gateway_deliveries_waiting}),
 * the oldest unfinished delivery's age ({@code gateway_oldest_pending_seconds}), and the connector's state
 * ({@code gateway_connector_state}: 1 for the state it is in, throttled / needs_reauth / paused / breaker_open).
 * Several instances report the same database numbers; aggregate them with max, not sum.
 */
@Configuration
@EnableScheduling
public class BacklogGauges {
    private static final List<String> WAITING = List.of(OutboxStatus.PENDING.name(), OutboxStatus.RETRYING.name(), OutboxStatus.IN_FLIGHT.name(), OutboxStatus.PARKED.name(), OutboxStatus.PROBE.name());

    private final TenantDirectory tenants;
    private final ConnectorBacklog backlog;
    private final ConnectorStates states;
    private final Dispatcher dispatcher;
    private final Clock clock;
    private final MultiGauge deadLetters;
    private final MultiGauge waiting;
    private final MultiGauge oldestPending;
    private final MultiGauge connectorState;

    public BacklogGauges(MeterRegistry meters, TenantDirectory tenants, ConnectorBacklog backlog, ConnectorStates states,
                         Dispatcher dispatcher, Clock clock) {
        this.tenants = tenants;
        this.backlog = backlog;
        this.states = states;
        this.dispatcher = dispatcher;
        this.clock = clock;
        this.deadLetters = MultiGauge.builder("gateway.dead.letters").description("dead letters (FAILED deliveries) now").register(meters);
        this.waiting = MultiGauge.builder("gateway.deliveries.waiting").description("deliveries not finished, by status").register(meters);
        this.oldestPending = MultiGauge.builder("gateway.oldest.pending").baseUnit("seconds")
                .description("age of the oldest delivery not finished").register(meters);
        this.connectorState = MultiGauge.builder("gateway.connector.state").description("1 for the state the connector is in")
                .register(meters);
        refresh();
    }

    @Scheduled(fixedDelayString = "${gateway.metrics.refresh:15s}", initialDelayString = "${gateway.metrics.refresh:15s}")
    public void refresh() {
        Map<String, ConnectorStates.State> held = new HashMap<>();
        states.all().forEach(s -> held.put(s.tenant() + "/" + s.crm(), s));
        java.time.Instant at = clock.instant();
        long now = at.getEpochSecond();
        List<MultiGauge.Row<?>> dead = new ArrayList<>();
        List<MultiGauge.Row<?>> wait = new ArrayList<>();
        List<MultiGauge.Row<?>> oldest = new ArrayList<>();
        List<MultiGauge.Row<?>> state = new ArrayList<>();
        for (String tenant : tenants.all().keySet()) {
            for (String crm : tenants.enabledCrms(tenant)) {
                Tags tags = Tags.of("tenant", tenant, "crm", crm);
                ConnectorBacklog.Backlog b = backlog.of(tenant, crm, at);
                Map<String, Long> counts = b == null ? Map.of() : b.byStatus();
                dead.add(MultiGauge.Row.of(tags, counts.getOrDefault(OutboxStatus.FAILED.name(), 0L)));
                for (String status : WAITING) {
                    wait.add(MultiGauge.Row.of(tags.and("status", status), counts.getOrDefault(status, 0L)));
                }
                oldest.add(MultiGauge.Row.of(tags, b == null || b.oldestWaiting() == null ? 0
                        : Math.max(0, now - b.oldestWaiting().toEpochSecond())));
                ConnectorStates.State s = held.get(tenant + "/" + crm);
                boolean throttled = s != null && ConnectorStates.THROTTLED.equals(s.state()) && s.holdUntil() != null
                        && s.holdUntil().toEpochSecond() > now;
                state.add(MultiGauge.Row.of(tags.and("state", "throttled"), throttled ? 1 : 0));
                state.add(MultiGauge.Row.of(tags.and("state", "needs_reauth"), s != null && ConnectorStates.NEEDS_REAUTH.equals(s.state()) ? 1 : 0));
                state.add(MultiGauge.Row.of(tags.and("state", "paused"), s != null && ConnectorStates.PAUSED.equals(s.state()) ? 1 : 0));
                state.add(MultiGauge.Row.of(tags.and("state", "breaker_open"),
                        "CLOSED".equals(dispatcher.breaker(tenant, crm).getState().name()) ? 0 : 1));
            }
        }
        deadLetters.register(dead, true);
        waiting.register(wait, true);
        oldestPending.register(oldest, true);
        connectorState.register(state, true);
    }
}
