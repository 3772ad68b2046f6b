package dev.dispositions.gateway.dialer;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An {@code application/x-www-form-urlencoded} body as ordered name → values. */
public final class FormBody {
    private FormBody() {
    }

    public static Map<String, List<String>> parse(String body) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (body.isBlank()) {
            return params;
        }
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                // URLDecoder replaces escaped bytes that are not UTF-8 with U+FFFD instead of failing.
                if ((name + value).indexOf('\uFFFD') >= 0 && !pair.toUpperCase(java.util.Locale.ROOT).contains("%EF%BF%BD")) {
                    throw WebhookRejected.malformed(name, "a form value is not valid UTF-8 once decoded");
                }
                params.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            } catch (IllegalArgumentException e) {
                throw WebhookRejected.malformed(null, "the form body has a bad %-escape");
            }
        }
        return params;
    }

    public static String first(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() || values.get(0).isBlank() ? null : values.get(0);
    }
}
