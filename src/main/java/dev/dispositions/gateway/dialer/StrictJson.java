package dev.dispositions.gateway.dialer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;

/**
 * A JSON body read as strictly as a signed document deserves: one value and nothing after it, no key twice in an
 * object (which of two values a parser keeps differs between parsers: a signed body must mean one thing), no lone
 * surrogate and no control character other than tab, line feed and carriage return in any string. Each refusal is a
 * 400 naming the problem and where it is.
 */
public final class StrictJson {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
            .build();

    private StrictJson() {
    }

    public static void check(byte[] body) {
        boolean ended = false;
        try (JsonParser p = FACTORY.createParser(body)) {
            int depth = 0;
            JsonToken t = p.nextToken();
            if (t == null) {
                throw WebhookRejected.malformed(null, "the body is empty; send a JSON object");
            }
            for (; t != null; t = p.nextToken()) {
                if (t == JsonToken.FIELD_NAME || t == JsonToken.VALUE_STRING) {
                    String problem = badCharacter(t == JsonToken.FIELD_NAME ? p.currentName() : p.getText());
                    if (problem != null) {
                        throw WebhookRejected.malformed(path(p), "a " + (t == JsonToken.FIELD_NAME ? "key" : "string") + " holds " + problem);
                    }
                }
                depth += t.isStructStart() ? 1 : t.isStructEnd() ? -1 : 0;
                if (depth == 0) {
                    ended = true;
                    if (p.nextToken() != null) {
                        throw afterTheDocument(p.currentLocation().getLineNr(), p.currentLocation().getColumnNr());
                    }
                    return;
                }
            }
        } catch (JsonParseException e) {
            if (ended) {
                throw afterTheDocument(e.getLocation().getLineNr(), e.getLocation().getColumnNr());
            }
            String message = e.getOriginalMessage();
            if (message != null && message.startsWith("Duplicate field")) {
                throw WebhookRejected.malformed(path(e.getProcessor()), "a key appears twice in one object: "
                        + message.substring(message.indexOf('\'')));
            }
            throw WebhookRejected.malformed(null, "the body is not valid JSON (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")");
        } catch (IOException e) {
            throw WebhookRejected.malformed(null, "the body could not be read as JSON");
        }
    }

    private static WebhookRejected afterTheDocument(int line, int column) {
        return WebhookRejected.malformed(null, "there is content after the JSON document (line " + line + ", column " + column + ")");
    }

    private static String badCharacter(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                return "the control character U+" + String.format("%04X", (int) c);
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return "a lone surrogate U+" + String.format("%04X", (int) c);
            }
            if (Character.isLowSurrogate(c)) {
                return "a lone surrogate U+" + String.format("%04X", (int) c);
            }
        }
        return null;
    }

    /** Where the parser is, as a JSON path ({@code $.call.outcome}), at most 200 characters of it. */
    private static String path(Object processor) {
        String full = fullPath(processor);
        return full == null || full.length() <= 200 ? full : full.substring(0, 200) + "…";
    }

    private static String fullPath(Object processor) {
        if (!(processor instanceof JsonParser p)) {
            return null;
        }
        String pointer = p.getParsingContext().pathAsPointer().toString();
        if (pointer.isEmpty()) {
            return "$";
        }
        StringBuilder out = new StringBuilder("$");
        for (String segment : pointer.substring(1).split("/")) {
            String name = segment.replace("~1", "/").replace("~0", "~");
            out.append(name.matches("\\d+") ? "[" + name + "]" : "." + name);
        }
        return out.toString();
    }
}
