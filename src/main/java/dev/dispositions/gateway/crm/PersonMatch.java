package dev.dispositions.gateway.crm;

import dev.dispositions.gateway.canonical.CanonicalDisposition;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Who a call was with in one CRM: the id the dialer sent, else one found by phone, else by e-mail. Each connector
 * searches its own CRM; this holds what they share: the order of keys, the cache, and how the result reads.
 *
 * @param id         the person's id in the CRM (null: nobody matched)
 * @param type       the CRM object (Contact, Lead, ClientContact...), when known
 * @param matchedBy  "dialer", "phone +14155550100", "e-mail ada@example.org"
 * @param candidates how many people matched the key that was used (more than one: the rule picked the first)
 */
public record PersonMatch(String id, String type, String matchedBy, int candidates) {

    public static final PersonMatch NONE = new PersonMatch(null, null, null, 0);

    public boolean found() {
        return id != null;
    }

    /** What the event says about the link: nothing when the dialer named the person. */
    public String note(String what) {
        if (!found()) {
            return "no " + what + " matched the call's phone or e-mail; logged without a person";
        }
        if ("dialer".equals(matchedBy)) {
            return null;
        }
        return "linked to " + (type == null ? "" : type + " ") + id + " by " + matchedBy
                + (candidates > 1 ? " (" + candidates + " matched; the rule took the first)" : "");
    }

    /** One CRM's search for a key: the best match for it, or empty. */
    public interface Search {
        Optional<PersonMatch> find(String tenant, String key, boolean isPhone);
    }

    /**
     * The prospect in this CRM: by the dialer's id, else phone, else e-mail, each search kept for ten minutes (a
     * miss for one, so a person added to the CRM meanwhile is found soon).
     */
    public static final class Finder {
        private static final Duration HIT = Duration.ofMinutes(10);
        private static final Duration MISS = Duration.ofMinutes(1);
        private final String crm;
        private final PersonIdSyntax ids;
        private final Search search;
        private final Clock clock;
        private final Map<String, Map.Entry<Optional<PersonMatch>, Instant>> cache = new ConcurrentHashMap<>();

        public Finder(String crm, PersonIdSyntax ids, Search search, Clock clock) {
            this.crm = crm;
            this.ids = ids;
            this.search = search;
            this.clock = clock;
        }

        public PersonMatch find(String tenant, CanonicalDisposition event) {
            String known = event.prospect().crmIds().get(crm);
            // Checked here too: an event stored before ingest checked ids (a dead letter replayed) is not trusted either.
            if (known != null && ids.accepts(known)) {
                return new PersonMatch(known, null, "dialer", 1);
            }
            if (event.prospect().phone() != null) {
                Optional<PersonMatch> byPhone = cached(tenant, event.prospect().phone(), k -> search.find(tenant, k, true));
                if (byPhone.isPresent()) {
                    return byPhone.get();
                }
            }
            if (event.prospect().email() != null) {
                Optional<PersonMatch> byEmail = cached(tenant, event.prospect().email(), k -> search.find(tenant, k, false));
                if (byEmail.isPresent()) {
                    return byEmail.get();
                }
            }
            return NONE;
        }

        private Optional<PersonMatch> cached(String tenant, String key, Function<String, Optional<PersonMatch>> lookup) {
            String cacheKey = tenant + "\n" + key;
            var entry = cache.get(cacheKey);
            if (entry != null && entry.getValue().isAfter(clock.instant())) {
                return entry.getKey();
            }
            Optional<PersonMatch> result = lookup.apply(key);
            cache.put(cacheKey, Map.entry(result, clock.instant().plus(result.isPresent() ? HIT : MISS)));
            return result;
        }
    }
}
