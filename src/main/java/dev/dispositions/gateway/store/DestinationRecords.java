package dev.dispositions.gateway.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dispositions.gateway.config.Destination;
import dev.dispositions.gateway.config.StoredDestinations;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The tenants' destinations: the API's view (a fingerprint for each secret) and the gateway's (secrets opened). */
@Repository
public class DestinationRecords implements StoredDestinations {
    private static final Logger log = LoggerFactory.getLogger(DestinationRecords.class);

    private final JdbcTemplate jdbc;
    private final SecretBox box;
    private final ObjectMapper json;
    private final Clock clock;

    public DestinationRecords(JdbcTemplate jdbc, SecretBox box, ObjectMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.box = box;
        this.json = json;
        this.clock = clock;
    }

    /**
     * What the API shows: never a secret, its fingerprint; {@code previousUntil} while a rotated-out secret still signs.
     *
     * @param url   a webhook's endpoint (null for Kafka)
     * @param topic a Kafka destination's topic (null for a webhook)
     */
    public record DestinationView(String id, String type, String url, String topic, Destination.Filter filter, boolean enabled,
                                  Integer ratePerSecond, String secretFingerprint, OffsetDateTime previousUntil, OffsetDateTime createdAt,
                                  OffsetDateTime updatedAt) {
        public String connectorId() {
            return type + ":" + id;
        }
    }

    /** Where a destination's events go: a webhook's URL, or a Kafka topic. */
    public record Target(String type, URI url, String topic) {
        public static Target webhook(URI url) {
            return new Target(Destination.WEBHOOK, url, null);
        }

        public static Target kafka(String topic) {
            return new Target(Destination.KAFKA, null, topic);
        }
    }

    @Override
    public List<Destination> load() {
        Instant now = clock.instant();
        List<Destination> out = new ArrayList<>();
        jdbc.query("select tenant, id, url, filter_json, secret_sealed, previous_sealed, previous_until, enabled, rate_per_second, type, "
                + "topic from destination", rs -> {
            Optional<String> secret = rs.getString(5) == null ? Optional.empty() : box.open(rs.getString(5));
            if (secret.isEmpty() && rs.getString(5) != null) {
                // Kept, with no secret: its events are stored and held (NEEDS_REAUTH) until the secret is rotated, not lost.
                log.warn("the signing secret of destination {} of tenant {} cannot be opened with the current gateway.token-key: its "
                        + "deliveries wait until it is rotated", rs.getString(2), rs.getString(1));
            }
            List<String> secrets = new ArrayList<>(secret.stream().toList());
            OffsetDateTime until = rs.getObject(7, OffsetDateTime.class);
            if (rs.getString(6) != null && until != null && until.toInstant().isAfter(now)) {
                box.open(rs.getString(6)).ifPresent(secrets::add);
            }
            String url = rs.getString(3);
            out.add(new Destination(rs.getString(1), rs.getString(2), rs.getString(10), url == null ? null : URI.create(url), rs.getString(11),
                    filter(rs.getString(4)), secrets, rs.getBoolean(8), (Integer) rs.getObject(9)));
        });
        return out;
    }

    public List<DestinationView> of(String tenant) {
        return jdbc.query("select id, type, url, topic, filter_json, enabled, rate_per_second, fingerprint, previous_until, created_at, "
                + "updated_at from destination where tenant = ? order by id", (rs, i) -> new DestinationView(rs.getString(1), rs.getString(2),
                rs.getString(3), rs.getString(4), filter(rs.getString(5)), rs.getBoolean(6), (Integer) rs.getObject(7), rs.getString(8),
                rs.getObject(9, OffsetDateTime.class), rs.getObject(10, OffsetDateTime.class), rs.getObject(11, OffsetDateTime.class)), tenant);
    }

    public Optional<DestinationView> find(String tenant, String id) {
        return of(tenant).stream().filter(d -> d.id().equals(id)).findFirst();
    }

    /** Deliveries to it not settled yet (pending, retrying, in flight, parked): a delete waits for them. */
    public long pending(String tenant, String connectorId) {
        Long n = jdbc.queryForObject("select count(*) from outbox where tenant = ? and crm = ? and status not in ('DELIVERED', 'SKIPPED', "
                + "'DISCARDED', 'FAILED')", Long.class, tenant, connectorId);
        return n == null ? 0 : n;
    }

    public int count(String tenant) {
        Integer n = jdbc.queryForObject("select count(*) from destination where tenant = ?", Integer.class, tenant);
        return n == null ? 0 : n;
    }

    /**
     * Creates or changes the destination (its type stays as made); a null secret keeps the one it has.
     *
     * @param create whether it is new: a webhook is made with a secret, a Kafka destination without one
     * @return false when it was created or deleted meanwhile
     */
    public boolean put(String tenant, String id, Target target, Destination.Filter filter, boolean enabled, Integer ratePerSecond,
                       String secret, boolean create, Instant now) {
        OffsetDateTime at = EventStore.utc(now);
        String f = write(filter);
        String url = target.url() == null ? null : target.url().toString();
        if (create) {
            jdbc.update("insert into destination (tenant, id, type, url, topic, filter_json, secret_sealed, fingerprint, enabled, "
                    + "rate_per_second, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", tenant, id, target.type(), url,
                    target.topic(), f, secret == null ? null : box.seal(secret), secret == null ? null : box.fingerprint(secret), enabled,
                    ratePerSecond, at, at);
            return true;
        }
        int changed = secret == null
                ? jdbc.update("update destination set url = ?, topic = ?, filter_json = ?, enabled = ?, rate_per_second = ?, updated_at = ? "
                        + "where tenant = ? and id = ? and type = ?", url, target.topic(), f, enabled, ratePerSecond, at, tenant, id, target.type())
                : jdbc.update("update destination set url = ?, topic = ?, filter_json = ?, enabled = ?, rate_per_second = ?, secret_sealed = ?, "
                        + "fingerprint = ?, updated_at = ? where tenant = ? and id = ? and type = ?", url, target.topic(), f, enabled,
                        ratePerSecond, box.seal(secret), box.fingerprint(secret), at, tenant, id, target.type());
        return changed == 1;
    }

    /** The new secret signs from now on; the one it replaces signs beside it until {@code previousUntil}. */
    public boolean rotate(String tenant, String id, String secret, Instant previousUntil, Instant now) {
        return jdbc.update("update destination set previous_sealed = secret_sealed, previous_until = ?, secret_sealed = ?, fingerprint = ?, "
                + "updated_at = ? where tenant = ? and id = ?", EventStore.utc(previousUntil), box.seal(secret), box.fingerprint(secret),
                EventStore.utc(now), tenant, id) == 1;
    }

    /** A delivery landed: the destination is not failing (one write only when it was). */
    public void landed(String tenant, String id) {
        jdbc.update("update destination set failing_since = null where tenant = ? and id = ? and failing_since is not null", tenant, id);
    }

    /** A delivery failed: since when the destination has been failing, with none landing since. */
    public Optional<Instant> failing(String tenant, String id, Instant now) {
        jdbc.update("update destination set failing_since = ? where tenant = ? and id = ? and failing_since is null", EventStore.utc(now), tenant, id);
        return jdbc.query("select failing_since from destination where tenant = ? and id = ?", (rs, i) -> rs.getObject(1, OffsetDateTime.class),
                tenant, id).stream().findFirst().filter(java.util.Objects::nonNull).map(OffsetDateTime::toInstant);
    }

    public boolean delete(String tenant, String id) {
        return jdbc.update("delete from destination where tenant = ? and id = ?", tenant, id) == 1;
    }

    private Destination.Filter filter(String text) {
        try {
            return json.readValue(text, Destination.Filter.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored destination filter is not JSON", e);
        }
    }

    private String write(Destination.Filter filter) {
        try {
            return json.writeValueAsString(filter);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
