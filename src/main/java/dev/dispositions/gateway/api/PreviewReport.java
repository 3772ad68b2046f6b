package dev.dispositions.gateway.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.dispositions.gateway.canonical.CanonicalDisposition;
import dev.dispositions.gateway.canonical.Warning;
import java.util.List;
import java.util.Map;

/**
 * What a preview answers: the canonical disposition of each call in the payload and, per CRM, the plan its connector
 * would carry out. Named types so that a client generated from the OpenAPI description reads it without casts.
 *
 * @param result {@code call}, or {@code ignored} with the {@code reason} (a payload that is not a finished call)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PreviewReport(String tenant, String dialer, String signature, String result, String reason, List<PreviewedEvent> events) {

    /**
     * @param note a call in progress goes to no CRM, and says so here
     * @param sent what was sent while previewing (look-ups only) and what is merely shown (writes)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PreviewedEvent(CanonicalDisposition canonical, List<Warning> warnings, String note, String sent,
                                 Map<String, CrmPlan> crms) {
    }

    /** @param withoutACall deliveries settled without a request (ignored outcomes, a person the CRM does not know...) */
    public record CrmPlan(List<PlannedCall> lookups, List<PlannedCall> writes, List<SettledWithoutACall> withoutACall) {
    }

    /** @param query absent when the request has none; @param forActions which deliveries (activity, an outcome action, do-not-contact) the request serves */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PlannedCall(String purpose, String method, String path, Map<String, String> query, JsonNode body,
                              @JsonProperty("for") List<String> forActions) {
    }

    public record SettledWithoutACall(@JsonProperty("for") String forAction, String result, String detail) {
    }
}
