package dev.dispositions.gateway.store;

import dev.dispositions.gateway.delivery.DeliveryItem;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * The kinds of row (the activity, do-not-contact, each outcome action a mapping file declares) a connector has
 * unfinished, so that a claim reads each kind's due rows as its own index range. What this instance stores is known at
 * once; what another replica stores is found when the kinds are looked up again, every {@link #FRESH_FOR}.
 */
@org.springframework.stereotype.Component
class OutboxKinds {
    static final Duration FRESH_FOR = Duration.ofSeconds(10);

    private record Seen(Set<String> kinds, Instant at) {
    }

    private final NamedParameterJdbcTemplate named;
    private final Map<String, Seen> seen = new ConcurrentHashMap<>();

    OutboxKinds(NamedParameterJdbcTemplate named) {
        this.named = named;
    }

    /** All failure notices are one kind (a LIKE pattern): their actions name each failed row, and kinds are kept. */
    static final String FAILURE_NOTICES = DeliveryItem.FAILURE_NOTICE + "%";

    static String kindOf(String action) {
        return action.startsWith(DeliveryItem.FAILURE_NOTICE) ? FAILURE_NOTICES : action;
    }

    /** Rows of this kind were just stored for the connector. */
    void stored(String tenant, String crm, String action) {
        String kind = kindOf(action);
        seen.compute(tenant + "/" + crm, (key, known) -> {
            if (known == null) {
                return new Seen(Set.of(kind), Instant.EPOCH); // not looked up yet: the next claim looks
            }
            if (known.kinds().contains(kind)) {
                return known;
            }
            Set<String> more = new LinkedHashSet<>(known.kinds());
            more.add(kind);
            return new Seen(Set.copyOf(more), known.at());
        });
    }

    Set<String> of(String tenant, String crm, Instant now) {
        String key = tenant + "/" + crm;
        Seen known = seen.get(key);
        if (known == null || known.at().isBefore(now.minus(FRESH_FOR))) {
            // Kinds seen before stay (a stale one costs a look that finds nothing): one stored meanwhile is not lost.
            Set<String> kinds = new LinkedHashSet<>(List.of(DeliveryItem.ACTIVITY, DeliveryItem.DO_NOT_CONTACT));
            if (known != null) {
                kinds.addAll(known.kinds());
            }
            named.queryForList("select distinct action from outbox o where "
                            + (tenant != null ? "o.tenant = :tenant and o.crm = :crm and " : "")
                            + "o.status in ('PENDING', 'RETRYING', 'PROBE', 'IN_FLIGHT')",
                    new MapSqlParameterSource("tenant", tenant).addValue("crm", crm), String.class).forEach(a -> kinds.add(kindOf(a)));
            Seen found = new Seen(Set.copyOf(kinds), now);
            seen.merge(key, found, (meanwhile, mine) -> {
                Set<String> all = new LinkedHashSet<>(mine.kinds());
                all.addAll(meanwhile.kinds());
                return new Seen(Set.copyOf(all), now);
            });
            known = seen.get(key);
        }
        return known.kinds();
    }
}
