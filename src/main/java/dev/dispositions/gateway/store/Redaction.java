package dev.dispositions.gateway.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Secrets never reach the database's attempt history or the console: a dialer's token in a stored raw payload is
 * masked on the parsed value (a JSON {@code \u0062} escape or a form %-escape would hide it from a text search),
 * and credentials a CRM echoes in an answer (an Authorization header, an access_token) are redacted before an
 * attempt is stored.
 */
public final class Redaction {
    public static final String MASK = "••••••";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** JSON keys whose values are credentials, whatever the CRM: any key naming a token, secret, password, key... */
    private static final Pattern SECRET_KEY = Pattern.compile(
            "(?i).*(token|secret|password|passwd|authorization|api[_-]?key|hapikey|session[_-]?id|credential|signature).*");
    /** The same in text: {@code Bearer x}, {@code Basic x}, {@code name=x}, {@code "name": "x"}, {@code name: x}. */
    private static final Pattern SECRET_IN_TEXT = Pattern.compile(
            "(?i)((?:bearer|basic)\\s+|[\\w-]*(?:token|secret|password|passwd|api[_-]?key|hapikey|session[_-]?id|credential)"
                    + "[\"']?\\s*[:=]\\s*[\"']?)[^\\s\"'&,;}]+");

    private Redaction() {
    }

    /** A CRM's request or answer, or a detail quoting one, with every credential in it replaced by {@link #MASK}. */
    public static String credentials(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        char first = text.stripLeading().isEmpty() ? ' ' : text.stripLeading().charAt(0);
        if (first == '{' || first == '[') {
            try {
                JsonNode tree = JSON.readTree(text);
                // Written anew only when something was redacted: otherwise the stored text is the one sent.
                if (tree != null && tree.isContainerNode() && redactKeys(tree)) {
                    text = JSON.writeValueAsString(tree);
                }
            } catch (java.io.IOException notJson) {
                // text: the patterns below
            }
        }
        return SECRET_IN_TEXT.matcher(text).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(m.group(1) + MASK));
    }

    private static boolean redactKeys(JsonNode node) {
        boolean changed = false;
        if (node instanceof ObjectNode object) {
            for (String name : (Iterable<String>) object::fieldNames) {
                JsonNode value = object.get(name);
                if (SECRET_KEY.matcher(name).matches() && value.isValueNode() && !value.isNull() && !MASK.equals(value.asText())) {
                    object.set(name, TextNode.valueOf(MASK));
                    changed = true;
                }
            }
        }
        for (JsonNode child : node) {
            changed |= redactKeys(child);
        }
        return changed;
    }

    /**
     * A dialer's stored request body with its secret masked wherever it is, read as the dialer's parser reads it:
     * JSON values unescaped, form values decoded. The result is for people to read, not to verify.
     */
    public static String dialerSecret(String body, String contentType, String secret) {
        if (body == null || secret == null || secret.length() < 4) {
            return body;
        }
        if (contentType != null && (contentType.equals("application/json") || contentType.endsWith("+json"))) {
            try {
                JsonNode tree = JSON.readTree(body);
                if (tree != null && tree.isContainerNode()) {
                    return maskValues(tree, secret) ? JSON.writeValueAsString(tree) : body.replace(secret, MASK);
                }
            } catch (java.io.IOException notJson) {
                // as text, below
            }
        }
        if ("application/x-www-form-urlencoded".equals(contentType)) {
            StringBuilder out = new StringBuilder();
            for (String pair : body.split("&")) {
                int eq = pair.indexOf('=');
                String value = eq < 0 ? "" : pair.substring(eq + 1);
                String decoded;
                try {
                    decoded = java.net.URLDecoder.decode(value, java.nio.charset.StandardCharsets.UTF_8);
                } catch (IllegalArgumentException badEscape) {
                    decoded = value;
                }
                out.append(out.length() == 0 ? "" : "&").append(eq < 0 ? pair : pair.substring(0, eq + 1)
                        + (decoded.contains(secret) ? MASK : value));
            }
            return out.toString().replace(secret, MASK);
        }
        return body.replace(secret, MASK);
    }

    private static boolean maskValues(JsonNode node, String secret) {
        boolean changed = false;
        if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) object::fields) {
                if (e.getValue().isTextual() && e.getValue().asText().contains(secret)) {
                    e.setValue(TextNode.valueOf(e.getValue().asText().replace(secret, MASK)));
                    changed = true;
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                if (node.get(i).isTextual() && node.get(i).asText().contains(secret)) {
                    ((com.fasterxml.jackson.databind.node.ArrayNode) node).set(i, TextNode.valueOf(node.get(i).asText().replace(secret, MASK)));
                    changed = true;
                }
            }
        }
        for (JsonNode child : node) {
            changed |= maskValues(child, secret);
        }
        return changed;
    }
}
