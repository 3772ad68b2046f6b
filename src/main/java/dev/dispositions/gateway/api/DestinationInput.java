package dev.dispositions.gateway.api;

import dev.dispositions.gateway.canonical.Outcome;
import dev.dispositions.gateway.canonical.OutcomeCategory;
import dev.dispositions.gateway.config.Destination;
import dev.dispositions.gateway.destination.DestinationGuard;
import dev.dispositions.gateway.destination.EndpointGuard;
import java.net.URI;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/** What a destination's request may say: its URL or topic, filter and secret, each refused with the field and the reason. */
final class DestinationInput {
    private static final int MAX_LIST = 50;
    private static final SecureRandom RANDOM = new SecureRandom();

    private DestinationInput() {
    }

    /** A webhook's endpoint, lower-cased where it compares so, and checked against the ranges it may not reach. */
    static URI url(String text, DestinationGuard guard) {
        if (text.length() > 2000) {
            throw new ApiProblem(400, "invalid_body", "url", "a URL is at most 2000 characters");
        }
        URI url;
        try {
            url = URI.create(text.trim());
            if (url.getScheme() != null && url.getHost() != null) {
                // Camel finds its component by the scheme as written, and hosts compare lowercase.
                url = new URI(url.getScheme().toLowerCase(Locale.ROOT), url.getRawUserInfo(), url.getHost().toLowerCase(Locale.ROOT),
                        url.getPort(), url.getPath(), url.getQuery(), null);
            }
        } catch (IllegalArgumentException | java.net.URISyntaxException e) {
            throw new ApiProblem(400, "invalid_body", "url", "not a URL: " + e.getMessage());
        }
        try {
            guard.check(url);
        } catch (EndpointGuard.Refused refused) {
            throw new ApiProblem(400, "endpoint_refused", "url", refused.getMessage());
        }
        return url;
    }

    /** A webhook's own settings checked; returns the secret to store (null: keep the one it has). */
    static String webhookSecret(DestinationController.DestinationBody b, boolean create, dev.dispositions.gateway.store.SecretBox box) {
        if (b.topic() != null) {
            throw new ApiProblem(400, "invalid_body", "topic", "a webhook destination has a url, not a topic; a Kafka one says \"type\": \"kafka\"");
        }
        if (b.url() == null || b.url().isBlank()) {
            throw new ApiProblem(400, "invalid_body", "url", "the endpoint's https:// URL is required");
        }
        if (b.ratePerSecond() != null && (b.ratePerSecond() < 1 || b.ratePerSecond() > 1000)) {
            throw new ApiProblem(400, "invalid_body", "ratePerSecond", "between 1 and 1000 POSTs a second, or leave it out");
        }
        if (!box.enabled()) {
            throw TenantController.tokenKeyMissing("secret", "a destination's signing secret");
        }
        return b.secret() != null ? secret(b.secret()) : create ? newSecret() : null;
    }

    static String kafkaTopic(String tenant, DestinationController.DestinationBody b, dev.dispositions.gateway.destination.KafkaCluster kafka) {
        if (b.url() != null) {
            throw new ApiProblem(400, "invalid_body", "url", "a Kafka destination has a topic, not a url");
        }
        if (b.secret() != null) {
            throw new ApiProblem(400, "invalid_body", "secret", "Kafka records are not signed: the cluster's own authentication and ACLs guard the topic");
        }
        if (b.ratePerSecond() != null) {
            throw new ApiProblem(400, "invalid_body", "ratePerSecond", "a Kafka destination is paced by its cluster; ratePerSecond is for webhooks");
        }
        if (!kafka.configured()) {
            throw new ApiProblem(409, "kafka_not_configured", "this gateway has no Kafka cluster: the operator sets "
                    + "gateway.destinations.kafka.brokers (Helm: destinations.kafka.brokers) first");
        }
        if (b.topic() == null || b.topic().isBlank()) {
            throw new ApiProblem(400, "invalid_body", "topic", "the topic is required, such as '" + kafka.prefixFor(tenant) + "dispositions'");
        }
        kafka.refusal(tenant, b.topic()).ifPresent(why -> {
            throw new ApiProblem(400, "invalid_body", "topic", why);
        });
        return b.topic();
    }

    static Destination.Filter filter(Destination.Filter given) {
        Destination.Filter f = given == null ? new Destination.Filter(null, null, null, null) : given;
        for (var list : List.of(f.outcomes(), f.categories(), f.dialers(), f.kinds())) {
            if (list.size() > MAX_LIST || list.stream().anyMatch(v -> v == null || v.length() > 64)) {
                throw new ApiProblem(400, "invalid_body", "filter", "each filter list has at most " + MAX_LIST + " names of at most 64 characters");
            }
        }
        for (String d : f.dialers()) {
            if (!d.matches("[a-z0-9][a-z0-9-]{0,63}")) {
                throw new ApiProblem(400, "invalid_body", "filter.dialers", "'" + d + "' is not a dialer id (lowercase letters, digits, '-')");
            }
        }
        for (String o : f.outcomes()) {
            if (Outcome.byName(o) == null) {
                throw new ApiProblem(400, "invalid_body", "filter.outcomes", "'" + o + "' is not an outcome; known: " + Arrays.toString(Outcome.values()));
            }
        }
        List<String> categories = Arrays.stream(OutcomeCategory.values()).map(c -> c.name().toLowerCase(Locale.ROOT)).toList();
        for (String c : f.categories()) {
            if (!categories.contains(c)) {
                throw new ApiProblem(400, "invalid_body", "filter.categories", "'" + c + "' is not a category; known: " + categories);
            }
        }
        for (String k : f.kinds()) {
            if (!Destination.Filter.KINDS.contains(k)) {
                throw new ApiProblem(400, "invalid_body", "filter.kinds", "'" + k + "' is not a kind; known: " + Destination.Filter.KINDS);
            }
        }
        return f;
    }

    static String secret(String given) {
        String b64 = given.startsWith("whsec_") ? given.substring(6) : null;
        byte[] key;
        try {
            key = b64 == null ? null : Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            key = null;
        }
        if (key == null || key.length < 24 || key.length > 64) {
            throw new ApiProblem(400, "invalid_body", "secret", "a signing secret is 'whsec_' and base64 of 24 to 64 random bytes; leave it out to have one made");
        }
        return given;
    }

    static String newSecret() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }
}
