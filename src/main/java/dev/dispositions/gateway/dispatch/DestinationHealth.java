package dev.dispositions.gateway.dispatch;

import dev.dispositions.gateway.config.Destination;
import dev.dispositions.gateway.delivery.DeliveryBatch;
import dev.dispositions.gateway.delivery.DeliveryResult;
import dev.dispositions.gateway.store.ConnectorStates;
import dev.dispositions.gateway.store.DestinationRecords;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * A destination (a webhook, a Kafka topic) that has failed for {@code gateway.destinations.disable-after} (5 days, as Svix does) with no
 * delivery landing is paused: its connector's state says so, a counter (and the chart's alert) fires, and its events
 * are kept, not dropped; resuming it drains them. Any delivery that lands resets the clock.
 */
@Component
class DestinationHealth {
    private static final Logger log = LoggerFactory.getLogger(DestinationHealth.class);

    private final DestinationRecords destinations;
    private final ConnectorStates states;
    private final Duration disableAfter;
    private final Counter disabled;

    private final dev.dispositions.gateway.alert.Alerts alerts;

    DestinationHealth(DestinationRecords destinations, ConnectorStates states, MeterRegistry meters,
                      @Value("${gateway.destinations.disable-after:P5D}") Duration disableAfter, dev.dispositions.gateway.alert.Alerts alerts) {
        this.alerts = alerts;
        this.destinations = destinations;
        this.states = states;
        this.disableAfter = disableAfter;
        this.disabled = Counter.builder("gateway.destinations.disabled").description("destinations paused after failing for "
                + "gateway.destinations.disable-after").register(meters);
    }

    void observed(DeliveryBatch batch, List<DeliveryResult> results, Instant now) {
        if (!Destination.isDestination(batch.crm())) {
            return;
        }
        String id = Destination.idOf(batch.crm());
        if (results.stream().anyMatch(r -> r.kind() == DeliveryResult.Kind.DONE)) {
            destinations.landed(batch.tenant(), id);
            return;
        }
        if (results.stream().noneMatch(r -> r.kind() == DeliveryResult.Kind.TRANSIENT || r.kind() == DeliveryResult.Kind.PERMANENT)) {
            return; // throttled or held: the endpoint answered as asked, it is not failing
        }
        destinations.failing(batch.tenant(), id, now).filter(since -> since.plus(disableAfter).isBefore(now)).ifPresent(since -> {
            if (states.of(batch.tenant(), batch.crm()).map(s -> ConnectorStates.PAUSED.equals(s.state())).orElse(false)) {
                return;
            }
            states.pause(batch.tenant(), batch.crm(), "disabled: every delivery has failed since " + since + " (more than "
                    + disableAfter + "); its events are kept: fix the endpoint, then resume it to send them", now);
            disabled.increment();
            alerts.raise(batch.tenant(), dev.dispositions.gateway.alert.Alerts.DESTINATION_DISABLED, id + "/" + since, "Destination " + id
                    + " of " + batch.tenant() + " disabled", "Every delivery to destination " + id + " has failed since " + since + " (more than "
                    + disableAfter + "), so it was disabled. Its events are kept: fix the endpoint, then resume it (POST /api/connectors/"
                    + batch.tenant() + "/" + batch.crm() + "/resume).", s -> !("destination".equals(s.channel()) && id.equals(s.target())));
            log.warn("destination {} of tenant {} disabled: failing since {}; its events are kept until it is resumed", id, batch.tenant(), since);
        });
    }
}
