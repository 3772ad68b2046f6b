package dev.dispositions.gateway.guarantees;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What each stand-in CRM received, per call key ({@code generic:<call id>}): every write, and the writes it
 * accepted. Salesforce and HubSpot writes are upserts on the key, so one key is one record however often it is
 * written; a Bullhorn Note is created by PUT, so each accepted PUT is a record. A Salesforce collection accepts
 * each record by its own result ({@code success}); a HubSpot batch, each input its 2xx answer carries.
 */
final class Ledger {
    private static final Pattern SF_UPSERT = Pattern.compile("/services/data/v[0-9.]+/composite/sobjects/Task/Dialer_Call_Id__c");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Writes per key: all of them, and those the CRM accepted. */
    record Writes(Map<String, Integer> sent, Map<String, Integer> accepted) {
        int acceptedFor(String key) {
            return accepted.getOrDefault(key, 0);
        }

        /** Keys written more than once, though accepted (a duplicate for a create, a harmless re-send for an upsert). */
        long acceptedMoreThanOnce() {
            return accepted.values().stream().filter(n -> n > 1).count();
        }
    }

    final Writes salesforce;
    final Writes hubspot;
    /** Bullhorn Note creates (PUT) per key; updates (POST entity/Note/{id}) are in {@link #bullhornUpdates}. */
    final Writes bullhorn;
    final Writes bullhornUpdates;

    Ledger(CrmStandIns crms) {
        this.salesforce = salesforceRecords(crms.salesforce.getAllServeEvents());
        this.hubspot = writes(crms.hubspot.getAllServeEvents(), e -> {
            if (!e.getRequest().getMethod().getName().equals("POST")) {
                return List.of();
            }
            // A first attempt creates with the key as a property; a retry upserts on it (the key is the input's id).
            if (e.getRequest().getUrl().startsWith("/crm/v3/objects/calls/batch/create")) {
                return json(e).path("inputs").findValuesAsText("dialer_call_key");
            }
            return e.getRequest().getUrl().startsWith("/crm/v3/objects/calls/batch/upsert") ? json(e).path("inputs").findValuesAsText("id") : List.of();
        });
        this.bullhorn = writes(crms.bullhorn.getAllServeEvents(), e -> e.getRequest().getMethod().getName().equals("PUT")
                && path(e).endsWith("/entity/Note") ? List.of(json(e).path("externalID").asText()) : List.of());
        this.bullhornUpdates = writes(crms.bullhorn.getAllServeEvents(), e -> e.getRequest().getMethod().getName().equals("POST")
                && path(e).matches(".*/entity/Note/\\d+") ? List.of(json(e).path("externalID").asText()) : List.of());
    }

    /** Each record upserted, and those whose own result said {@code success}. */
    private static Writes salesforceRecords(Collection<ServeEvent> events) {
        Map<String, Integer> sent = new HashMap<>();
        Map<String, Integer> accepted = new HashMap<>();
        for (ServeEvent e : events) {
            if (!e.getRequest().getMethod().getName().equals("PATCH") || !SF_UPSERT.matcher(path(e)).matches()) {
                continue;
            }
            JsonNode records = json(e).path("records");
            JsonNode results = JSON.createArrayNode();
            if (e.getResponse() != null && e.getResponse().getStatus() == 200 && e.getResponseDefinition().getFault() == null) {
                try {
                    results = JSON.readTree(e.getResponse().getBodyAsString());
                } catch (Exception ex) {
                    results = JSON.createArrayNode();
                }
            }
            for (int i = 0; i < records.size(); i++) {
                String key = records.get(i).path("Dialer_Call_Id__c").asText();
                sent.merge(key, 1, Integer::sum);
                if (results.path(i).path("success").asBoolean(false)) {
                    accepted.merge(key, 1, Integer::sum);
                }
            }
        }
        return new Writes(sent, accepted);
    }

    /** How many records Salesforce refused in collections it answered 200 ({@code success: false}). */
    static long salesforceRecordsRefused(Collection<ServeEvent> events) {
        long refused = 0;
        for (ServeEvent e : events) {
            if (e.getResponse() != null && e.getResponse().getStatus() == 200 && path(e).contains("/composite/sobjects")) {
                try {
                    for (JsonNode r : JSON.readTree(e.getResponse().getBodyAsString())) {
                        refused += r.path("success").asBoolean(true) ? 0 : 1;
                    }
                } catch (Exception ex) {
                    // not a collection's answer
                }
            }
        }
        return refused;
    }

    private interface Keys {
        List<String> of(ServeEvent event);
    }

    private static Writes writes(Collection<ServeEvent> events, Keys keys) {
        Map<String, Integer> sent = new HashMap<>();
        Map<String, Integer> accepted = new HashMap<>();
        for (ServeEvent e : events) {
            int status = e.getResponse() == null ? 0 : e.getResponse().getStatus();
            boolean ok = status >= 200 && status < 300 && e.getResponseDefinition().getFault() == null;
            for (String key : keys.of(e)) {
                sent.merge(key, 1, Integer::sum);
                if (ok) {
                    accepted.merge(key, 1, Integer::sum);
                }
            }
        }
        return new Writes(sent, accepted);
    }

    private static String path(ServeEvent e) {
        String url = e.getRequest().getUrl();
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }

    private static JsonNode json(ServeEvent e) {
        try {
            return JSON.readTree(e.getRequest().getBodyAsString());
        } catch (Exception ex) {
            return JSON.createObjectNode();
        }
    }

    /** The counts a closing note quotes, for the acknowledged calls. */
    Map<String, Object> report(String scenario, LoadDriver.Sent sent, Map<String, Long> deliveredByCrm) {
        Map<String, Object> r = new TreeMap<>();
        r.put("scenario", scenario);
        r.put("sent", sent.sent());
        r.put("acknowledged", sent.acknowledged().size());
        r.put("delivered", deliveredByCrm);
        long lostSf = sent.acknowledged().stream().filter(c -> salesforce.acceptedFor(key(c)) == 0).count();
        long lostHs = sent.acknowledged().stream().filter(c -> hubspot.acceptedFor(key(c)) == 0).count();
        long lostBh = sent.acknowledged().stream().filter(c -> bullhorn.acceptedFor(key(c)) + bullhornUpdates.acceptedFor(key(c)) == 0).count();
        r.put("lost", Map.of("salesforce", lostSf, "hubspot", lostHs, "bullhorn", lostBh));
        r.put("duplicateRecords", Map.of("salesforce", 0, "hubspot", 0, "bullhorn", bullhorn.acceptedMoreThanOnce()));
        r.put("keysUpsertedMoreThanOnce", Map.of("salesforce", salesforce.acceptedMoreThanOnce(), "hubspot", hubspot.acceptedMoreThanOnce()));
        r.put("bullhornNotesFoundAndUpdated", bullhornUpdates.accepted().size());
        return r;
    }

    static String key(String callId) {
        return "generic:" + callId;
    }
}
