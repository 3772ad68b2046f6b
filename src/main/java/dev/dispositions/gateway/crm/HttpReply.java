package dev.dispositions.gateway.crm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A CRM's answer over camel-http: status, body and headers, with the look-ups every REST connector needs. */
public record HttpReply(int status, String body, Map<String, Object> headers) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A response header, whatever its case. */
    public String header(String name) {
        for (var e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name) && e.getValue() != null) {
                return e.getValue().toString();
            }
        }
        return null;
    }

    /** A top-level field of a JSON body as text; null when absent or when the body is not JSON. */
    public String field(String name) {
        return field(body, name);
    }

    public static String field(String body, String name) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(body).path(name);
            return node.isMissingNode() || node.isNull() ? null : node.asText();
        } catch (IOException e) {
            return null;
        }
    }

    /** The names of an object's fields, in order (what an update set, for the event's note). */
    public static List<String> names(ObjectNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
