package dev.dispositions.gateway.store;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Connectors that must not be sent to right now, shared by every gateway instance through the database:
 * THROTTLED until the CRM's window passes, NEEDS_REAUTH (rows parked) until credentials work again, PAUSED by
 * support. The outbox claim skips their rows; nothing is dropped or failed because of it.
 */
@Repository
public class ConnectorStates {
    public static final String THROTTLED = "THROTTLED";
    public static final String NEEDS_REAUTH = "NEEDS_REAUTH";
    public static final String PAUSED = "PAUSED";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    public ConnectorStates(JdbcTemplate jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    public record State(String tenant, String crm, String state, String reason, OffsetDateTime holdUntil, OffsetDateTime since) {
    }

    /** The CRM throttled: hold the connector until {@code until}. A pause or a re-authorisation wait stays as it is. */
    public void throttled(String tenant, String crm, Instant until, String reason, Instant now) {
        write(tenant, crm, THROTTLED, reason, until, now, List.of(THROTTLED));
    }

    /** Credentials refused after the connector's own refresh: hold the connector; one parked row is retried at {@code probeAt}. */
    public void needsReauth(String tenant, String crm, String reason, Instant probeAt, Instant now) {
        write(tenant, crm, NEEDS_REAUTH, reason, probeAt, now, List.of(THROTTLED, NEEDS_REAUTH));
    }

    public void pause(String tenant, String crm, String reason, Instant now) {
        write(tenant, crm, PAUSED, reason, null, now, List.of(THROTTLED, NEEDS_REAUTH, PAUSED));
    }

    /**
     * The CRM accepted a request (or judged its data, which needs working credentials): a throttle or
     * re-authorisation hold ends and parked rows are due again. A pause stays. Returns the rows unparked.
     */
    public int healthy(String tenant, String crm, Instant now) {
        return tx.execute(status -> {
            int cleared = jdbc.update("delete from connector_state where tenant = ? and crm = ? and state in (?, ?)",
                    tenant, crm, THROTTLED, NEEDS_REAUTH);
            return cleared == 0 ? 0 : unpark(tenant, crm, now);
        });
    }

    /** A destination deleted: a new one made under its id starts with no state (not paused, not throttled). */
    public void forget(String tenant, String crm) {
        jdbc.update("delete from connector_state where tenant = ? and crm = ?", tenant, crm);
    }

    /** Support resumes a connector (paused, or re-authorised): every parked row is due now. Returns the rows unparked. */
    public int resume(String tenant, String crm, Instant now) {
        return tx.execute(status -> {
            jdbc.update("delete from connector_state where tenant = ? and crm = ?", tenant, crm);
            if (dev.dispositions.gateway.config.Destination.isDestination(crm)) {
                // A destination resumed after it was disabled starts its failing clock again (it would be paused at once).
                jdbc.update("update destination set failing_since = null where tenant = ? and id = ?", tenant,
                        dev.dispositions.gateway.config.Destination.idOf(crm));
            }
            return unpark(tenant, crm, now);
        });
    }

    /**
     * For each connector waiting for re-authorisation whose probe time has come, one parked row becomes a probe:
     * the claim takes it even though the connector is held. If it is written, {@link #healthy} unparks the rest.
     */
    public void releaseProbes(Instant now, Duration every) {
        List<State> due = jdbc.query("select tenant, crm, state, reason, hold_until, since from connector_state "
                + "where state = ? and hold_until <= ?", this::state, NEEDS_REAUTH, EventStore.utc(now));
        for (State s : due) {
            tx.executeWithoutResult(status -> {
                jdbc.update("update outbox set status = 'PROBE', next_attempt_at = ?, updated_at = ? where id = (select min(id) "
                        + "from outbox where tenant = ? and crm = ? and status = 'PARKED')",
                        EventStore.utc(now), EventStore.utc(now), s.tenant(), s.crm());
                jdbc.update("update connector_state set hold_until = ? where tenant = ? and crm = ? and state = ?",
                        EventStore.utc(now.plus(every)), s.tenant(), s.crm(), NEEDS_REAUTH);
            });
        }
    }

    public Optional<State> of(String tenant, String crm) {
        return jdbc.query("select tenant, crm, state, reason, hold_until, since from connector_state where tenant = ? and crm = ?",
                this::state, tenant, crm).stream().findFirst();
    }

    public List<State> all() {
        return jdbc.query("select tenant, crm, state, reason, hold_until, since from connector_state order by tenant, crm", this::state);
    }

    private int unpark(String tenant, String crm, Instant now) {
        return jdbc.update("update outbox set status = case when attempts = 0 then 'PENDING' else 'RETRYING' end, "
                        + "next_attempt_at = ?, updated_at = ? where tenant = ? and crm = ? and status in ('PARKED', 'PROBE')",
                EventStore.utc(now), EventStore.utc(now), tenant, crm);
    }

    /** Sets the connector's state unless it holds a state not in {@code replaces} (a pause outranks a throttle). */
    private void write(String tenant, String crm, String state, String reason, Instant holdUntil, Instant now, List<String> replaces) {
        String why = reason == null || reason.length() <= 2000 ? reason : reason.substring(0, 2000);
        for (int tries = 0; tries < 2; tries++) {
            Optional<State> current = of(tenant, crm);
            if (current.isPresent()) {
                if (!replaces.contains(current.get().state())) {
                    return;
                }
                jdbc.update("update connector_state set state = ?, reason = ?, hold_until = ?, since = case when state = ? then since "
                        + "else ? end where tenant = ? and crm = ?", state, why, EventStore.utc(holdUntil), state,
                        EventStore.utc(now), tenant, crm);
                return;
            }
            try {
                jdbc.update("insert into connector_state (tenant, crm, state, reason, hold_until, since) values (?, ?, ?, ?, ?, ?)",
                        tenant, crm, state, why, EventStore.utc(holdUntil), EventStore.utc(now));
                return;
            } catch (DuplicateKeyException raced) {
                // another instance wrote it first: read it again and decide
            }
        }
    }

    private State state(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
        return new State(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getObject(5, OffsetDateTime.class), rs.getObject(6, OffsetDateTime.class));
    }
}
