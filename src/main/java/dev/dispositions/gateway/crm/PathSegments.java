package dev.dispositions.gateway.crm;

import java.nio.charset.StandardCharsets;
import org.springframework.web.util.UriUtils;

/**
 * A value that goes into a CRM URL as one path segment, encoded so that it stays one: a '/' or '?' in an id or a
 * call key becomes %2F or %3F, never a path of its own or a query string. Every id, record id and key that goes
 * into a CRM path passes through here.
 */
public final class PathSegments {
    private PathSegments() {
    }

    public static String encode(String value) {
        // "." and ".." are legal in a segment, and a server would resolve them: never as an id.
        if (value.equals(".") || value.equals("..")) {
            return value.replace(".", "%2E");
        }
        return UriUtils.encodePathSegment(value, StandardCharsets.UTF_8);
    }

    /** "/" and the encoded segment, for a path suffix. */
    public static String slash(String value) {
        return "/" + encode(value);
    }
}
