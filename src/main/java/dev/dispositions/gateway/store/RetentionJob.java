package dev.dispositions.gateway.store;

import dev.dispositions.gateway.config.GatewayProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes what has been kept long enough ({@code gateway.retention.*}): an event whose every delivery is done
 * (delivered, skipped by design, discarded by support) after {@code delivered}, one with a dead letter after
 * {@code dead-letters} (counted from when it failed), with its raw request, numbers, outbox rows and attempts. Kept
 * for ever: the compliance audit and the support actions, and an event with a delivery still to make (pending,
 * retrying, parked) or a failed do-not-contact (a request not to be contacted is never dropped unseen). Nothing of a
 * call goes while any of its deliveries is still to make, so its order holds. Runs on every replica, in small
 * transactions that skip rows another replica is deleting, so it never holds up ingest.
 */
@Component
public class RetentionJob {
    private static final Logger log = LoggerFactory.getLogger(RetentionJob.class);

    private static final String OPEN = "('PENDING', 'RETRYING', 'IN_FLIGHT', 'PARKED', 'PROBE')";

    /** Events past their retention, the oldest first. */
    private static final String EXPIRED = "select e.id from call_event e where e.received_at < :delivered "
            + "and not exists (select 1 from outbox o where o.event_id = e.id and not (o.status in ('DELIVERED', 'SKIPPED', 'DISCARDED') "
            + "or (o.status = 'FAILED' and o.action <> 'do-not-contact' and o.dead_at < :dead))) "
            + "and not exists (select 1 from outbox c where c.call_key = e.tenant || '/' || e.dialer || '/' || e.call_id "
            + "and c.status in " + OPEN + ") "
            + "order by e.received_at";

    private final NamedParameterJdbcTemplate named;
    private final TransactionTemplate tx;
    private final GatewayProperties.Retention settings;
    private final Clock clock;
    private final Counter deleted;

    private final AlertRecords alerts;

    public RetentionJob(NamedParameterJdbcTemplate named, TransactionTemplate tx, GatewayProperties properties, Clock clock,
                        MeterRegistry meters, AlertRecords alerts) {
        this.alerts = alerts;
        this.named = named;
        this.tx = tx;
        this.settings = properties.retention();
        this.clock = clock;
        this.deleted = Counter.builder("gateway.retention.deleted").description("events deleted after their retention")
                .register(meters);
    }

    /** Batch after batch until nothing more has expired, or for at most a quarter of the interval. */
    @Scheduled(fixedDelayString = "${gateway.retention.every:1m}", initialDelayString = "${gateway.retention.every:1m}")
    public void run() {
        if (!settings.enabled()) {
            return;
        }
        Instant stopAt = clock.instant().plus(settings.every().dividedBy(4));
        int total = 0;
        try {
            for (int n; (n = deleteOneBatch(clock.instant())) > 0; ) {
                total += n;
                if (n < settings.batchSize() || clock.instant().isAfter(stopAt)) {
                    break;
                }
            }
            // Alerts tell of dead letters and the like: kept as long as dead letters are.
            alerts.forgetBefore(clock.instant().minus(settings.deadLetters()));
        } catch (RuntimeException e) {
            log.warn("retention: stopped after {} events: {}", total, e.toString());
        }
        if (total > 0) {
            log.info("retention: deleted {} events and their requests, rows and attempts", total);
        }
    }

    /** @return how many events this batch deleted */
    public int deleteOneBatch(Instant now) {
        Integer n = tx.execute(status -> {
            MapSqlParameterSource params = new MapSqlParameterSource("delivered", EventStore.utc(now.minus(settings.delivered())))
                    .addValue("dead", EventStore.utc(now.minus(settings.deadLetters())));
            List<String> expired = named.queryForList(EXPIRED + " fetch first " + settings.batchSize() + " rows only", params, String.class);
            if (expired.isEmpty()) {
                return 0;
            }
            // Locked here, or skipped: another replica is deleting them. Their rows are locked too, and the events checked
            // again under those locks: a replay committed since the look above keeps its event.
            List<String> locked = named.queryForList("select id from call_event where id in (:ids) for update skip locked",
                    new MapSqlParameterSource("ids", expired), String.class);
            if (locked.isEmpty()) {
                return 0;
            }
            named.queryForList("select id from outbox where event_id in (:ids) for update", new MapSqlParameterSource("ids", locked), Long.class);
            List<String> ids = named.queryForList(EXPIRED.replace(" order by e.received_at", " and e.id in (:ids)"),
                    params.addValue("ids", locked), String.class);
            if (ids.isEmpty()) {
                return 0;
            }
            MapSqlParameterSource events = new MapSqlParameterSource("ids", ids);
            List<String> requests = named.queryForList("select distinct request_id from call_event where id in (:ids)", events, String.class);
            // By the rows' ids, not a sub-select: each IN list is then a look-up in the index it starts.
            List<Long> deletedRows = named.queryForList("select id from outbox where event_id in (:ids)", events, Long.class);
            if (!deletedRows.isEmpty()) {
                named.update("delete from delivery_attempt where outbox_id in (:rows)", new MapSqlParameterSource("rows", deletedRows));
            }
            named.update("delete from outbox where event_id in (:ids)", events);
            named.update("delete from call_phone where event_id in (:ids)", events);
            named.update("delete from event_edit where event_id in (:ids)", events);
            named.update("delete from call_event where id in (:ids)", events);
            // A request goes with its last event (a vendor's redelivery after that is stored as new).
            named.update("delete from webhook_request r where r.id in (:requests) "
                    + "and not exists (select 1 from call_event e where e.request_id = r.id)", new MapSqlParameterSource("requests", requests));
            return ids.size();
        });
        deleted.increment(n == null ? 0 : n);
        return n == null ? 0 : n;
    }

    /** For the API: the retention settings in words a support person reads. */
    public record Kept(Duration deliveredEvents, Duration deadLetters, String complianceAudit) {
    }

    public Kept kept() {
        return new Kept(settings.delivered(), settings.deadLetters(), "kept for ever");
    }
}
