package dev.dispositions.gateway.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * People created in a CRM for unknown callers, one per (tenant, CRM, E.164 number), serialized by a claim: the
 * delivery that holds it looks the number up again and creates the person; any other waits, then finds the record
 * it made. A claim lapses (its delivery died) or passes back to its owner on a retry, so a create whose answer was
 * lost is looked up, not made twice. Several replicas share the table.
 */
@Repository
public class PersonCreations {
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    PersonCreations(JdbcTemplate jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    /** A person this gateway created (or found under its claim). */
    public record Created(String id, String type) {
    }

    /** What a claim found: the person already made, the claim now ours, or another delivery's for a while yet. */
    public sealed interface Claim permits Known, Mine, Busy {
    }

    public record Known(Created person) implements Claim {
    }

    public record Mine() implements Claim {
    }

    public record Busy(Instant until) implements Claim {
    }

    public Optional<Created> recorded(String tenant, String crm, String phone) {
        return jdbc.query("select record_id, record_type from person_creation where tenant = ? and crm = ? and phone = ? "
                        + "and record_id is not null", (rs, i) -> new Created(rs.getString(1), rs.getString(2)), tenant, crm, phone)
                .stream().findFirst();
    }

    /** Claims the number for {@code owner} (the same owner again on a retry) unless the person was made or another holds it. */
    public Claim claim(String tenant, String crm, String phone, String owner, Instant now, Duration lease) {
        try {
            return tx.execute(status -> claimOnce(tenant, crm, phone, owner, now, lease));
        } catch (DuplicateKeyException raced) {
            return tx.execute(status -> claimOnce(tenant, crm, phone, owner, now, lease)); // the other insert won: read it
        }
    }

    private Claim claimOnce(String tenant, String crm, String phone, String owner, Instant now, Duration lease) {
        List<Object[]> rows = jdbc.query("select record_id, record_type, owner, lease_until from person_creation where tenant = ? and crm = ? "
                + "and phone = ? for update", (rs, i) -> new Object[] {rs.getString(1), rs.getString(2), rs.getString(3),
                rs.getObject(4, java.time.OffsetDateTime.class)}, tenant, crm, phone);
        if (rows.isEmpty()) {
            jdbc.update("insert into person_creation (tenant, crm, phone, owner, lease_until, created_at) values (?, ?, ?, ?, ?, ?)",
                    tenant, crm, phone, owner, EventStore.utc(now.plus(lease)), EventStore.utc(now));
            return new Mine();
        }
        Object[] row = rows.get(0);
        if (row[0] != null) {
            return new Known(new Created((String) row[0], (String) row[1]));
        }
        Instant until = row[3] == null ? Instant.MIN : ((java.time.OffsetDateTime) row[3]).toInstant();
        if (!owner.equals(row[2]) && until.isAfter(now)) {
            return new Busy(until);
        }
        jdbc.update("update person_creation set owner = ?, lease_until = ? where tenant = ? and crm = ? and phone = ?", owner,
                EventStore.utc(now.plus(lease)), tenant, crm, phone);
        return new Mine();
    }

    /** The person is in the CRM: every later call from the number is linked to it (the first recorded stays). */
    public void record(String tenant, String crm, String phone, Created person, Instant now) {
        jdbc.update("update person_creation set record_id = ?, record_type = ?, recorded_at = ?, owner = null, lease_until = null "
                + "where tenant = ? and crm = ? and phone = ? and record_id is null", person.id(), person.type(), EventStore.utc(now), tenant, crm, phone);
    }

    /** The CRM refused the person for good: the claim goes, so the next delivery tries again (after the admin's fix). */
    public void release(String tenant, String crm, String phone, String owner) {
        jdbc.update("delete from person_creation where tenant = ? and crm = ? and phone = ? and record_id is null and owner = ?",
                tenant, crm, phone, owner);
    }
}
