package dev.dispositions.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.util.ArrayList;
import java.util.List;

/** One record of an sObject Collections request a Salesforce stand-in received, read as a single write's body would be. */
public record SentRecord(LoggedRequest request, ObjectNode record) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The record's fields, without Salesforce's {@code attributes}. */
    public String getBodyAsString() {
        ObjectNode fields = record.deepCopy();
        fields.remove("attributes");
        return fields.toString();
    }

    /** The records of these requests whose JSON mentions {@code text}, in the order they were sent. */
    public static List<SentRecord> in(List<LoggedRequest> requests, String text) {
        List<SentRecord> found = new ArrayList<>();
        for (LoggedRequest r : requests) {
            try {
                for (JsonNode record : JSON.readTree(r.getBodyAsString()).path("records")) {
                    if (record.toString().contains(text)) {
                        found.add(new SentRecord(r, (ObjectNode) record));
                    }
                }
            } catch (java.io.IOException e) {
                throw new IllegalStateException("a collection request that is not JSON: " + r.getBodyAsString(), e);
            }
        }
        return found;
    }
}
