package dev.dispositions.gateway.alert;

import dev.dispositions.gateway.store.AlertRecords;
import dev.dispositions.gateway.store.ConnectorStates;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Watches for what no single delivery says: a connector that needs re-authorizing, one held (throttled, paused,
 * parked) or failing for longer than a subscription's minutes, and the end of a day with failures (the digest,
 * for the UTC day just ended). Each is raised once per episode; every replica watches, the store keeps it once.
 */
@Component
class AlertWatch {
    private final Alerts alerts;
    private final AlertRecords records;
    private final ConnectorStates states;
    private final JdbcTemplate jdbc;
    private final Clock clock;

    AlertWatch(Alerts alerts, AlertRecords records, ConnectorStates states, JdbcTemplate jdbc, Clock clock) {
        this.alerts = alerts;
        this.records = records;
        this.states = states;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${gateway.alerts.watch-every:30s}", initialDelayString = "${gateway.alerts.watch-every:30s}")
    void watch() {
        watch(clock.instant());
    }

    void watch(Instant now) {
        List<String> held = records.tenantsWanting(Alerts.HELD);
        for (ConnectorStates.State s : states.all()) {
            if (ConnectorStates.NEEDS_REAUTH.equals(s.state())) {
                alerts.raise(s.tenant(), Alerts.REAUTH, s.tenant() + "/" + s.crm() + "/" + s.since().toInstant(), s.crm() + " needs "
                        + "re-authorizing for " + s.tenant(), s.crm() + " refused " + s.tenant() + "'s credentials since " + s.since().toInstant()
                        + ": " + s.reason() + "\nIts deliveries are parked, none is lost. Connect it again (Tenants page, or POST /api/tenants/"
                        + s.tenant() + "/crms/" + s.crm() + "/connect), then resume it (POST /api/connectors/" + s.tenant() + "/" + s.crm() + "/resume).");
            } else if (held.contains(s.tenant()) && (s.holdUntil() == null || s.holdUntil().toInstant().isAfter(now))) {
                heldSince(s.tenant(), s.crm(), s.since().toInstant(), s.state() + " since " + s.since().toInstant(),
                        s.state().toLowerCase(java.util.Locale.ROOT) + ": " + s.reason(), now);
            }
        }
        // Failing: the oldest delivery of the connector still retrying after a failed attempt. The episode is named by the
        // hour it started in, so the oldest row settling does not make it a new one.
        jdbc.query("select tenant, crm, min(created_at) from outbox where status = 'RETRYING' and last_result = 'TRANSIENT' "
                + "group by tenant, crm", rs -> {
            if (held.contains(rs.getString(1))) {
                Instant since = rs.getObject(3, OffsetDateTime.class).toInstant();
                heldSince(rs.getString(1), rs.getString(2), since, "failing since " + since.truncatedTo(java.time.temporal.ChronoUnit.HOURS),
                        "its deliveries keep failing and are retried", now);
            }
        });
        digest(now);
    }

    /**
     * A connector held past each subscription's minutes: raised once per episode and threshold, so a subscription
     * that waits longer is told when its own minutes have passed.
     */
    private void heldSince(String tenant, String crm, Instant since, String episode, String why, Instant now) {
        long minutes = Duration.between(since, now).toMinutes();
        records.subscriptions(tenant).stream().filter(s -> s.wants(Alerts.HELD) && minutes >= s.heldAfterMinutes())
                .map(AlertRecords.Subscription::heldAfterMinutes).distinct().forEach(threshold -> alerts.raise(tenant, Alerts.HELD,
                        tenant + "/" + crm + "/" + episode + "/" + threshold + "min", crm + " of " + tenant + " held for " + minutes + " minutes",
                        crm + " has been held since " + since + " (" + why + "). Nothing is lost: its deliveries wait. See what waits and "
                                + "why: GET /api/deliveries/waiting?tenant=" + tenant + "&crm=" + crm + " (console: Waiting).",
                        s -> s.heldAfterMinutes() == threshold));
    }

    /** The UTC day just ended, for each tenant wanting a digest and with dead letters that day. */
    void digest(Instant now) {
        LocalDate day = now.atOffset(ZoneOffset.UTC).toLocalDate().minusDays(1);
        OffsetDateTime from = day.atStartOfDay().atOffset(ZoneOffset.UTC);
        for (String tenant : records.tenantsWanting(Alerts.DIGEST)) {
            Map<String, Long> byCrm = new java.util.TreeMap<>();
            jdbc.query("select crm, coalesce(dead_reason, status), count(*) from outbox where tenant = ? and status = 'FAILED' "
                    + "and dead_at >= ? and dead_at < ? group by crm, coalesce(dead_reason, status)", rs -> {
                byCrm.put(rs.getString(1) + " " + rs.getString(2), rs.getLong(3));
            }, tenant, from, from.plusDays(1));
            long total = byCrm.values().stream().mapToLong(Long::longValue).sum();
            if (total > 0) {
                StringBuilder body = new StringBuilder(total + " sync(s) of " + tenant + " failed on " + day + " (UTC) and wait for support:\n");
                byCrm.forEach((k, n) -> body.append("  ").append(k).append(": ").append(n).append('\n'));
                body.append("Read and fix them: GET /api/dead-letters?tenant=").append(tenant).append("&from=").append(from.toInstant())
                        .append(" (console: Failed syncs).");
                alerts.raise(tenant, Alerts.DIGEST, day.toString(), "Daily digest for " + day + ": " + total + " failed sync(s)", body.toString());
            }
        }
    }
}
