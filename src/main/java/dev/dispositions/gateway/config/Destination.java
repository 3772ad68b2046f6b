package dev.dispositions.gateway.config;

import java.net.URI;
import java.util.List;

/**
 * A tenant's webhook destination as the gateway runs it: where outcomes are POSTed, which ones, and the secrets
 * they are signed with (opened; the current one first, then one being rotated out while it lasts).
 *
 * @param id            the destination's name within its tenant; its connector id is {@code webhook:<id>}
 * @param ratePerSecond the most POSTs a second the endpoint gets; null: no limit beyond the connector's lanes
 */
public record Destination(String tenant, String id, URI url, Filter filter, List<String> secrets, boolean enabled, Integer ratePerSecond) {
    public static final String CONNECTOR = "webhook";

    /** Never the secrets. */
    @Override
    public String toString() {
        return "Destination[" + tenant + "/" + id + " " + url.getScheme() + "://" + url.getHost() + ", " + secrets.size() + " secrets, "
                + (enabled ? "enabled" : "disabled") + "]";
    }

    public String connectorId() {
        return CONNECTOR + ":" + id;
    }

    /**
     * Which calls go to it; an empty list lets all through.
     *
     * @param kinds {@code activity} (the call's outcome) and {@code do-not-contact} (an opt-out, also sent on its own)
     */
    public record Filter(List<String> outcomes, List<String> categories, List<String> dialers, List<String> kinds) {
        public static final List<String> KINDS = List.of("activity", "do-not-contact");

        public Filter {
            outcomes = outcomes == null ? List.of() : List.copyOf(outcomes);
            categories = categories == null ? List.of() : List.copyOf(categories);
            dialers = dialers == null ? List.of() : List.copyOf(dialers);
            kinds = kinds == null || kinds.isEmpty() ? KINDS : List.copyOf(kinds);
        }

        /**
         * @param kind {@code activity} or {@code do-not-contact}: an opt-out goes to a destination that takes that kind
         *             whatever its outcome and category filters say (only its dialers filter applies)
         */
        public boolean wants(String outcome, String category, String dialer, String kind) {
            boolean dialerOk = dialers.isEmpty() || dialers.contains(dialer);
            if ("do-not-contact".equals(kind)) {
                return kinds.contains(kind) && dialerOk;
            }
            return kinds.contains(kind) && (outcomes.isEmpty() || outcomes.contains(outcome))
                    && (categories.isEmpty() || categories.contains(category)) && dialerOk;
        }
    }
}
