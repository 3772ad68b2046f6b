package dev.dispositions.gateway.dialer.twilio;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.commons.codec.digest.HmacAlgorithms;
import org.apache.commons.codec.digest.HmacUtils;

/**
 * {@code X-Twilio-Signature}: base64 HMAC-SHA1, keyed by the account's auth token, of the full URL Twilio called
 * followed by every POST parameter (sorted by name) as name+value. Like Twilio's own validators, the URL is
 * also tried with and without its default port, since proxies add or drop it.
 */
final class TwilioSignature {
    private TwilioSignature() {
    }

    static String compute(String authToken, String url, Map<String, List<String>> params) {
        StringBuilder data = new StringBuilder(url);
        new TreeMap<>(params).forEach((name, values) -> {
            List<String> sorted = new ArrayList<>(values);
            sorted.sort(null);
            sorted.forEach(v -> data.append(name).append(v));
        });
        byte[] mac = new HmacUtils(HmacAlgorithms.HMAC_SHA_1, authToken.getBytes(StandardCharsets.UTF_8))
                .hmac(data.toString().getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(mac);
    }

    static boolean matches(String authToken, String url, Map<String, List<String>> params, String given) {
        byte[] givenBytes = given.getBytes(StandardCharsets.UTF_8);
        boolean ok = false;
        for (String candidate : urlVariants(url)) {
            // Every variant is computed, so timing does not reveal which one matched.
            ok |= MessageDigest.isEqual(compute(authToken, candidate, params).getBytes(StandardCharsets.UTF_8), givenBytes);
        }
        return ok;
    }

    /**
     * Twilio's scheme for JSON bodies: the URL it calls carries {@code bodySHA256=<hex SHA-256 of the body>}, and the
     * signature covers the URL alone (no parameters appended).
     */
    static boolean matchesJson(String authToken, String url, byte[] body, String given) {
        String declared = org.springframework.web.util.UriComponentsBuilder.fromUriString(url).build().getQueryParams()
                .getFirst("bodySHA256");
        if (declared == null || !MessageDigest.isEqual(declared.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.UTF_8),
                org.apache.commons.codec.digest.DigestUtils.sha256Hex(body).getBytes(StandardCharsets.UTF_8))) {
            return false;
        }
        return matches(authToken, url, Map.of(), given);
    }

    static Set<String> urlVariants(String url) {
        Set<String> variants = new LinkedHashSet<>();
        variants.add(url);
        URI u;
        try {
            u = URI.create(url);
        } catch (IllegalArgumentException notAUri) {
            return variants; // a bad %-escape in the query: the URL as sent is all Twilio could have signed
        }
        int defaultPort = "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
        String rest = (u.getRawPath() == null ? "" : u.getRawPath()) + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
        if (u.getPort() == -1) {
            variants.add(u.getScheme() + "://" + u.getHost() + ":" + defaultPort + rest);
        } else if (u.getPort() == defaultPort) {
            variants.add(u.getScheme() + "://" + u.getHost() + rest);
        }
        return variants;
    }
}
