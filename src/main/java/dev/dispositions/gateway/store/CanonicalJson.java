package dev.dispositions.gateway.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dispositions.gateway.canonical.CanonicalDisposition;
import org.springframework.stereotype.Component;

/** How a canonical disposition is kept in the database: JSON, so replays re-render it with current mappings. */
@Component
public class CanonicalJson {
    private final ObjectMapper json;

    public CanonicalJson(ObjectMapper json) {
        this.json = json;
    }

    public String write(CanonicalDisposition event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a canonical disposition", e);
        }
    }

    public CanonicalDisposition read(String text) {
        try {
            return json.readValue(text, CanonicalDisposition.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored canonical disposition is unreadable", e);
        }
    }
}
