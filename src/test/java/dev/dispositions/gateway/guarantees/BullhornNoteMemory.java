package dev.dispositions.gateway.guarantees;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.extension.ServeEventListener;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Bullhorn stand-in's memory of the Notes it created: {@code query/Note?where=externalID='…'} (or
 * {@code externalID IN ('…','…')}) finds each Note that
 * {@code PUT entity/Note} created with that externalID, as Bullhorn's database would. Without it the stand-in would
 * answer "no such Note" for ever, and a retry after a killed gateway would look like a duplicate the real CRM
 * would not have let happen (or hide one it would).
 */
final class BullhornNoteMemory implements ServeEventListener, ResponseDefinitionTransformerV2 {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern QUOTED = Pattern.compile("'((?:[^']|'')*)'");
    private final Map<String, Long> notes = new ConcurrentHashMap<>();
    /** Ids of Notes written by a create whose answer was lost (a connection reset after the write). */
    private final java.util.concurrent.atomic.AtomicLong lostAnswers = new java.util.concurrent.atomic.AtomicLong(8_800_000);

    @Override
    public String getName() {
        return "bullhorn-note-memory";
    }

    /** Both roles apply to every request; each looks only at Note creates and Note queries. */
    @Override
    public boolean applyGlobally() {
        return true;
    }

    private static String path(ServeEvent e) {
        String url = e.getRequest().getUrl();
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }

    @Override
    public void afterComplete(ServeEvent e, Parameters parameters) {
        if (!"PUT".equals(e.getRequest().getMethod().getName()) || !path(e).endsWith("/entity/Note")) {
            return;
        }
        if (e.getResponseDefinition().getFault() != null) {
            // The stand-in's story for a reset connection: Bullhorn wrote the Note, its answer never came.
            try {
                String key = JSON.readTree(e.getRequest().getBodyAsString()).path("externalID").asText(null);
                if (key != null) {
                    notes.put(key, lostAnswers.incrementAndGet());
                }
            } catch (Exception ignored) {
                // not a Note create the stand-in can remember
            }
            return;
        }
        if (e.getResponse() == null || e.getResponse().getStatus() / 100 != 2) {
            return;
        }
        try {
            String key = JSON.readTree(e.getRequest().getBodyAsString()).path("externalID").asText(null);
            JsonNode created = JSON.readTree(e.getResponse().getBodyAsString());
            if (key != null && created.hasNonNull("changedEntityId")) {
                notes.put(key, created.get("changedEntityId").asLong());
            }
        } catch (Exception ignored) {
            // not a Note create the stand-in can remember
        }
    }

    @Override
    public ResponseDefinition transform(ServeEvent e) {
        ResponseDefinition answer = e.getResponseDefinition();
        if (!"GET".equals(e.getRequest().getMethod().getName()) || !path(e).endsWith("/query/Note")
                || e.getRequest().queryParameter("where") == null || !e.getRequest().queryParameter("where").isPresent()) {
            return answer;
        }
        Matcher m = QUOTED.matcher(e.getRequest().queryParameter("where").firstValue());
        var data = JSON.createArrayNode();
        while (m.find()) {
            String key = m.group(1).replace("''", "'");
            Long id = notes.get(key);
            if (id != null) {
                data.addObject().put("id", id).put("externalID", key);
            }
        }
        return data.isEmpty() ? answer : ResponseDefinitionBuilder.like(answer).but().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"start\":0,\"count\":" + data.size() + ",\"data\":" + data + "}").build();
    }
}
