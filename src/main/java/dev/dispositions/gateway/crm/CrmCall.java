package dev.dispositions.gateway.crm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One request a connector plans: what it is for, and the request itself without credentials (its transport adds
 * them as it sends). What a preview shows, what the route sends, and what {@link CrmConnector#read} is handed back.
 *
 * @param purpose what it does, in a support person's words ("upsert 200 Tasks on Dialer_Call_Id__c")
 * @param writes  false for a read-only look-up (a person search, the portal's dispositions, a Note already
 *                written), which a preview makes too
 * @param path    from the connection's base (Salesforce's instance, HubSpot's API, Bullhorn's restUrl), every id in it
 *                encoded as one segment ({@link PathSegments})
 * @param query   parameters, not yet encoded
 * @param body    JSON, or null
 * @param parts   what the request carries, in its order: each record written (with the items it settles: several
 *                when calls to one person were folded into one update) or each key looked up (with the items waiting on it)
 */
public record CrmCall(String purpose, boolean writes, String method, String path, Map<String, String> query, String body,
                      List<Part> parts) {
    public CrmCall {
        query = query == null ? Map.of() : Map.copyOf(query);
        parts = List.copyOf(parts);
    }

    /** @param key the record's key or id, or the looked-up key; null when the request names none */
    public record Part(String key, List<Long> items) {
        public Part {
            items = List.copyOf(items);
        }

        public static Part of(String key, long item) {
            return new Part(key, List.of(item));
        }
    }

    public static CrmCall lookup(String purpose, String method, String path, Map<String, String> query, String body, List<Part> parts) {
        return new CrmCall(purpose, false, method, path, query, body, parts);
    }

    public static CrmCall write(String purpose, String method, String path, String body, List<Part> parts) {
        return new CrmCall(purpose, true, method, path, Map.of(), body, parts);
    }

    /** Every item the call settles or is made for, in order, once each. */
    public List<Long> items() {
        List<Long> all = new ArrayList<>();
        parts.forEach(p -> p.items().forEach(i -> {
            if (!all.contains(i)) {
                all.add(i);
            }
        }));
        return all;
    }
}
