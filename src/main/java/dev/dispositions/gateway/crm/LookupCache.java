package dev.dispositions.gateway.crm;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Facts connectors' look-ups found (who has this number, the portal's dispositions), shared by the deliveries of
 * one instance for as long as each fact says, so that a batch of calls to known people makes no search at all.
 * Bounded: the least used go first.
 */
@Component
public class LookupCache {
    private static final int MAX_FACTS = 50_000;

    private final Cache<String, Reading.Fact> facts = Caffeine.newBuilder()
            .maximumSize(MAX_FACTS)
            .expireAfter(new Expiry<String, Reading.Fact>() {
                @Override
                public long expireAfterCreate(String key, Reading.Fact fact, long now) {
                    return fact.keep().toNanos();
                }

                @Override
                public long expireAfterUpdate(String key, Reading.Fact fact, long now, long current) {
                    return fact.keep().toNanos();
                }

                @Override
                public long expireAfterRead(String key, Reading.Fact fact, long now, long current) {
                    return current;
                }
            })
            .build();

    public Optional<Reading.Fact> get(String tenant, String crm, String key) {
        return Optional.ofNullable(facts.getIfPresent(tenant + "\n" + crm + "\n" + key));
    }

    public void put(String tenant, String crm, Reading.Fact fact) {
        if (!fact.keep().isZero() && !fact.keep().isNegative()) {
            facts.put(tenant + "\n" + crm + "\n" + fact.key(), fact);
        }
    }

    /** Forgets every fact of the tenant's connector (its admin changed something in the CRM and asked us to look again). */
    public void forget(String tenant, String crm) {
        String prefix = tenant + "\n" + crm + "\n";
        facts.asMap().keySet().removeIf(k -> k.startsWith(prefix));
    }
}
