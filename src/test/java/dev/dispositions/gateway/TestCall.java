package dev.dispositions.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A call as the generic dialer sends it, for tests: {@code TestCall.of(id, "BUSY").ids(sf, hs, bh).notes("…")}, sent
 * with {@link GatewayIntegrationTest#accepted(TestCall)} as a tenant's generic dialer (globex unless {@link #asTenant}).
 * Only what a test sets is in the body, besides the type, call id, outcome and direction.
 */
public final class TestCall {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode body = JSON.createObjectNode();
    private String tenant = "globex";

    private TestCall(String callId, String outcome) {
        body.put("type", "call.ended").put("callId", callId).put("outcome", outcome).put("direction", "OUTBOUND");
    }

    public static TestCall of(String callId, String outcome) {
        return new TestCall(callId, outcome);
    }

    public TestCall asTenant(String tenant) {
        this.tenant = tenant;
        return this;
    }

    public TestCall type(String type) {
        body.put("type", type);
        return this;
    }

    public TestCall occurredAt(String instant) {
        body.put("occurredAt", instant);
        return this;
    }

    public TestCall durationSeconds(int seconds) {
        body.put("durationSeconds", seconds);
        return this;
    }

    /** The caller's and the callee's numbers; a null is left out. */
    public TestCall numbers(String from, String to) {
        if (from != null) {
            body.put("from", from);
        }
        if (to != null) {
            body.put("to", to);
        }
        return this;
    }

    public TestCall notes(String notes) {
        body.put("notes", notes);
        return this;
    }

    public TestCall callbackAt(String instant) {
        body.put("callbackAt", instant);
        return this;
    }

    /** The prospect's phone (how a CRM without an id finds the person). */
    public TestCall phone(String phone) {
        body.with("prospect").put("phone", phone);
        return this;
    }

    /** The prospect's ids in Salesforce, HubSpot and Bullhorn; a null is left out. */
    public TestCall ids(String salesforce, String hubspot, String bullhorn) {
        ObjectNode ids = body.with("prospect").with("crmIds");
        if (salesforce != null) {
            ids.put("salesforce", salesforce);
        }
        if (hubspot != null) {
            ids.put("hubspot", hubspot);
        }
        if (bullhorn != null) {
            ids.put("bullhorn", bullhorn);
        }
        return this;
    }

    /** The demo's people in each CRM (the stand-ins know them). */
    public TestCall knownPerson() {
        return ids("003000000000101AAA", "101", "5059165");
    }

    public String tenant() {
        return tenant;
    }

    public String callId() {
        return body.path("callId").asText();
    }

    public String json() {
        return body.toString();
    }
}
