package dev.dispositions.gateway.crm;

import dev.dispositions.gateway.canonical.CanonicalDisposition;
import dev.dispositions.gateway.delivery.DeliveryItem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who a call was with in one CRM, from what a delivery knows: the id the dialer sent, else whom a search by the
 * call's phone found, else by its e-mail. Each connector plans and reads its own CRM's searches; this holds what
 * they share: the order of keys, how long a finding is kept (ten minutes, a miss one, so a person added meanwhile
 * is found soon), and how a finding is kept as a fact.
 */
public final class PersonLookups {
    public static final Duration HIT = Duration.ofMinutes(10);
    public static final Duration MISS = Duration.ofMinutes(1);
    private static final String PREFIX = "person:";

    private PersonLookups() {
    }

    /** The person, {@link PersonMatch#NONE} when no key matched, or null while a key still has to be searched. */
    public static PersonMatch resolve(Delivery delivery, String crm, PersonIdSyntax ids, CanonicalDisposition event) {
        String known = event.prospect().crmIds().get(crm);
        // Checked here too: an event stored before ingest checked ids (a dead letter replayed) is not trusted either.
        if (known != null && ids.accepts(known)) {
            return new PersonMatch(known, null, "dialer", 1);
        }
        for (String key : keys(event)) {
            var fact = delivery.fact(key);
            if (fact.isEmpty()) {
                return null;
            }
            if (fact.get().value() != null) {
                return decode(key, fact.get().value());
            }
        }
        return PersonMatch.NONE;
    }

    /** The keys to search next, each with the items waiting on it: one key per item, the phone before the e-mail. */
    public static Map<String, List<Long>> missing(Delivery delivery, String crm, PersonIdSyntax ids, List<DeliveryItem> items) {
        Map<String, List<Long>> missing = new LinkedHashMap<>();
        for (DeliveryItem item : items) {
            if (resolve(delivery, crm, ids, item.event()) != null) {
                continue;
            }
            for (String key : keys(item.event())) {
                if (delivery.fact(key).isEmpty()) {
                    missing.computeIfAbsent(key, k -> new ArrayList<>()).add(item.outboxId());
                    break;
                }
            }
        }
        return missing;
    }

    /** {@code person:phone:+14155550100} → true; {@code person:email:…} → false. */
    public static boolean isPhone(String key) {
        return key.startsWith(PREFIX + "phone:");
    }

    /** The phone number or e-mail address a key searches for. */
    public static String term(String key) {
        return key.substring(key.indexOf(':', PREFIX.length()) + 1);
    }

    public static Reading.Fact found(String key, String id, String type, int candidates) {
        return new Reading.Fact(key, id + "\t" + (type == null ? "" : type) + "\t" + candidates, HIT);
    }

    public static Reading.Fact nobody(String key) {
        return new Reading.Fact(key, null, MISS);
    }

    private static List<String> keys(CanonicalDisposition event) {
        List<String> keys = new ArrayList<>(2);
        if (event.prospect().phone() != null) {
            keys.add(PREFIX + "phone:" + event.prospect().phone());
        }
        if (event.prospect().email() != null) {
            keys.add(PREFIX + "email:" + event.prospect().email());
        }
        return keys;
    }

    private static PersonMatch decode(String key, String value) {
        String[] f = value.split("\t", -1);
        return new PersonMatch(f[0], f[1].isEmpty() ? null : f[1], (isPhone(key) ? "phone " : "e-mail ") + term(key), Integer.parseInt(f[2]));
    }
}
