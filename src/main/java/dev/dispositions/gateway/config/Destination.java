package dev.dispositions.gateway.config;

import java.net.URI;
import java.util.List;

/**
 * A tenant's destination as the gateway runs it: a webhook endpoint outcomes are POSTed to (signed with the secrets,
 * opened; the current one first, then one being rotated out while it lasts), or a Kafka topic they are published to;
 * and which outcomes go there.
 *
 * @param id            the destination's name within its tenant; its connector id is {@code <type>:<id>}
 * @param type          {@link #WEBHOOK} or {@link #KAFKA}
 * @param url           a webhook's endpoint; null for Kafka
 * @param topic         a Kafka destination's topic; null for a webhook
 * @param ratePerSecond the most POSTs a second the endpoint gets; null: no limit beyond the connector's lanes
 */
public record Destination(String tenant, String id, String type, URI url, String topic, Filter filter, List<String> secrets, boolean enabled,
                          Integer ratePerSecond) {
    public static final String WEBHOOK = "webhook";
    public static final String KAFKA = "kafka";
    public static final List<String> TYPES = List.of(WEBHOOK, KAFKA);

    public Destination {
        secrets = secrets == null ? List.of() : List.copyOf(secrets);
    }

    /** Never the secrets. */
    @Override
    public String toString() {
        String where = url != null ? url.getScheme() + "://" + url.getHost() : "topic " + topic;
        return "Destination[" + tenant + "/" + id + " " + type + " " + where + ", " + secrets.size() + " secrets, "
                + (enabled ? "enabled" : "disabled") + "]";
    }

    public String connectorId() {
        return type + ":" + id;
    }

    /** Whether a connector id names a destination ({@code webhook:<id>}, {@code kafka:<id>}) rather than a CRM. */
    public static boolean isDestination(String connectorId) {
        int colon = connectorId.indexOf(':');
        return colon > 0 && TYPES.contains(connectorId.substring(0, colon));
    }

    /** The destination's own id within a connector id: {@code warehouse} of {@code kafka:warehouse}. */
    public static String idOf(String connectorId) {
        return connectorId.substring(connectorId.indexOf(':') + 1);
    }

    /**
     * Which calls go to it; an empty list lets all through.
     *
     * @param kinds {@code activity} (the call's outcome), {@code do-not-contact} (an opt-out, also sent on its own) and
     *              {@code delivery-failures} (a notice when a delivery of the tenant's failed for good); none named:
     *              the first two
     */
    public record Filter(List<String> outcomes, List<String> categories, List<String> dialers, List<String> kinds) {
        public static final String DELIVERY_FAILURES = "delivery-failures";
        public static final List<String> KINDS = List.of("activity", "do-not-contact", DELIVERY_FAILURES);
        /** What a destination takes when its filter names no kind: the calls, not the gateway's notices. */
        public static final List<String> DEFAULT_KINDS = List.of("activity", "do-not-contact");

        public Filter {
            outcomes = outcomes == null ? List.of() : List.copyOf(outcomes);
            categories = categories == null ? List.of() : List.copyOf(categories);
            dialers = dialers == null ? List.of() : List.copyOf(dialers);
            kinds = kinds == null || kinds.isEmpty() ? DEFAULT_KINDS : List.copyOf(kinds);
        }

        /**
         * @param kind {@code activity} or {@code do-not-contact}: an opt-out goes to a destination that takes that kind
         *             whatever its outcome and category filters say (only its dialers filter applies)
         */
        /** Whether it takes the notice of a failed delivery of a call from this dialer (only its dialers filter applies). */
        public boolean wantsFailureOf(String dialer) {
            return kinds.contains(DELIVERY_FAILURES) && (dialers.isEmpty() || dialers.contains(dialer));
        }

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
