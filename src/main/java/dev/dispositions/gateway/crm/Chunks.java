package dev.dispositions.gateway.crm;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/** Cutting a batch into requests a CRM takes. */
public final class Chunks {
    private Chunks() {
    }

    /**
     * Groups of at most {@code size}, in order, with no record id twice in one group (Salesforce's collections and
     * HubSpot's batches refuse a record named twice); a record without an id (a create) goes anywhere.
     */
    public static <T> List<List<T>> withDistinctIds(List<T> records, int size, Function<T, String> idOf) {
        List<List<T>> chunks = new ArrayList<>();
        List<Set<String>> ids = new ArrayList<>();
        for (T r : records) {
            String id = idOf.apply(r);
            int i = 0;
            while (i < chunks.size() && (chunks.get(i).size() >= size || (id != null && ids.get(i).contains(id)))) {
                i++;
            }
            if (i == chunks.size()) {
                chunks.add(new ArrayList<>());
                ids.add(new HashSet<>());
            }
            chunks.get(i).add(r);
            if (id != null) {
                ids.get(i).add(id);
            }
        }
        return chunks;
    }
}
