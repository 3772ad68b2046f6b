package dev.dispositions.gateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.MediaType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sample request bodies by operation id and a sample problem per refusal, for the OpenAPI description: what a
 * client author copies first. The description test asks every operation that takes a body for one here, so a new
 * operation cannot ship without.
 */
final class OpenApiExamples {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** operation id → example name → JSON body. */
    static final Map<String, Map<String, String>> REQUESTS = Map.ofEntries(
            Map.entry("tenantCreate", Map.of("a new tenant", "{\"id\": \"initech\"}")),
            Map.entry("tenantChange", Map.of("disable", "{\"enabled\": false}", "enable", "{\"enabled\": true}")),
            Map.entry("dialerConnectionPut", Map.of(
                    "Standard Webhooks", "{\"secret\": \"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\", \"defaultRegion\": \"US\"}",
                    "opt-outs in notes", "{\"secret\": \"a-shared-secret-of-16+\", \"possibleOptOut\": \"do-not-contact\"}")),
            Map.entry("dialerConnectionRotate", Map.of("rotate, old secret valid a day",
                    "{\"secret\": \"whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD\", \"previousValidFor\": \"PT24H\"}")),
            Map.entry("crmConnectionPut", Map.of(
                    "salesforce", "{\"login-url\": \"https://initech.my.salesforce.com\", \"client-id\": \"3MVG9…\", \"client-secret\": \"…\","
                            + " \"refresh-token\": \"5Aep…\"}",
                    "hubspot", "{\"authentication\": \"private-app\", \"access-token\": \"pat-na1-…\"}",
                    "bullhorn", "{\"client-id\": \"…\", \"client-secret\": \"…\", \"username\": \"api.initech\", \"password\": \"…\"}")),
            Map.entry("keyCreate", Map.of(
                    "a customer's admin", "{\"name\": \"initech admin\", \"role\": \"tenant-admin\", \"tenant\": \"initech\"}",
                    "an operator", "{\"name\": \"support on call\", \"role\": \"operator\"}")),
            Map.entry("connectorPause", Map.of("with a reason", "{\"reason\": \"the org is being migrated until Monday\"}")),
            Map.entry("eventReplay", Map.of("with a reason", "{\"reason\": \"picklist value added in the org\"}")),
            Map.entry("deadLetterReplay", Map.of("with a reason", "{\"reason\": \"picklist value added in the org\"}")),
            Map.entry("deadLetterDiscard", Map.of("with a reason", "{\"reason\": \"test call, not a real prospect\"}")),
            Map.entry("deadLetterBulkReplay", Map.of(
                    "dry run first", "{\"filter\": {\"tenant\": \"initech\", \"crm\": \"salesforce\", \"reason\": \"PERMANENT\"}, \"dryRun\": true}",
                    "then replay", "{\"filter\": {\"tenant\": \"initech\", \"crm\": \"salesforce\", \"reason\": \"PERMANENT\"}, \"dryRun\": false,"
                            + " \"reason\": \"picklist value added\"}")),
            Map.entry("crmMappingSave", Map.of(
                    "the org's own picklist values", "{\"overlay\": {\"outcomes\": {\"LEFT_VOICEMAIL\": \"VM - Left Message\", "
                            + "\"NO_ANSWER\": \"Attempted - No Answer\"}}, \"baseVersion\": 0, \"note\": \"our picklist\"}",
                    "no follow-up tasks", "{\"overlay\": {\"actions\": {\"follow-up\": null}}, \"baseVersion\": 3}",
                    "log canceled calls too", "{\"overlay\": {\"outcomes\": {\"CANCELED\": \"Canceled\"}}}")),
            Map.entry("crmMappingRollback", Map.of("bring back version 2", "{\"version\": 2, \"note\": \"the new values broke reports\"}")),
            Map.entry("crmMappingDryRun", Map.of("try before saving", "{\"overlay\": {\"outcomes\": {\"LEFT_VOICEMAIL\": "
                    + "\"VM - Left Message\"}}, \"samples\": [{\"outcome\": \"LEFT_VOICEMAIL\", \"direction\": \"OUTBOUND\", "
                    + "\"durationSeconds\": 31}]}")),
            Map.entry("dialerMappingSave", Map.of("the team's own labels", "{\"overlay\": {\"labels\": {\"VM left\": \"LEFT_VOICEMAIL\", "
                    + "\"Demo set\": \"MEETING_BOOKED\"}, \"possibleOptOut\": \"reject\"}, \"baseVersion\": 0}")),
            Map.entry("dialerMappingRollback", Map.of("bring back version 1", "{\"version\": 1}")),
            Map.entry("dialerMappingDryRun", Map.of("how labels would read", "{\"overlay\": {\"labels\": {\"VM left\": \"LEFT_VOICEMAIL\"}}, "
                    + "\"labels\": [\"VM left\", \"vm LEFT\", \"take me off your list\"]}")),
            Map.entry("oAuthConnectConnect", Map.of("a production org", "{\"login\": \"production\"}",
                    "a sandbox with My Domain", "{\"login\": \"acme--uat.sandbox\"}")),
            Map.entry("destinationPut", Map.of(
                    "meetings to the team's tool", "{\"url\": \"https://hooks.example.com/dispositions\", \"filter\": {\"outcomes\": "
                            + "[\"MEETING_BOOKED\", \"CALLBACK_REQUESTED\"]}}",
                    "every opt-out to compliance", "{\"url\": \"https://compliance.example.com/opt-outs\", \"filter\": {\"kinds\": "
                            + "[\"do-not-contact\"]}, \"secret\": \"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwMfKQ9r8GKYq=\"}",
                    "every outcome to the warehouse's Kafka topic", "{\"type\": \"kafka\", \"topic\": \"globex.dispositions\"}")),
            Map.entry("fixFixDeadLetter", Map.of(
                    "the person's id in the dead letter's CRM", "{\"personId\": \"4512\", \"reason\": \"the prospect's new number\"}",
                    "the outcome the dialer got wrong", "{\"outcome\": \"DO_NOT_CONTACT\", \"reason\": \"the prospect asked on the call\"}")),
            Map.entry("fixFixEvent", Map.of("a person's id per CRM", "{\"personIds\": {\"bullhorn\": \"4512\"}, \"reason\": \"matched by hand\"}")),
            Map.entry("fixBulkFix", Map.of(
                    "dry run first", "{\"filter\": {\"tenant\": \"initech\", \"crm\": \"salesforce\", \"outcome\": \"BUSY\"}, "
                            + "\"outcome\": \"NO_ANSWER\", \"dryRun\": true}",
                    "then fix", "{\"filter\": {\"tenant\": \"initech\", \"crm\": \"salesforce\", \"outcome\": \"BUSY\"}, "
                            + "\"outcome\": \"NO_ANSWER\", \"dryRun\": false, \"reason\": \"BUSY is not in this org's picklist\"}")),
            Map.entry("alertSubscribe", Map.of(
                    "e-mail the support desk", "{\"email\": \"support@initech.example\", \"kinds\": [\"dead-letter\", \"reauth\", \"digest\"]}",
                    "post to a destination after an hour held", "{\"destination\": \"ops-hook\", \"kinds\": [\"held\", \"destination-disabled\"], "
                            + "\"heldAfterMinutes\": 60}")),
            Map.entry("waitingDiscard", Map.of("with a reason", "{\"reason\": \"test call, not a real prospect\"}")),
            Map.entry("reportChangeSettings", Map.of("report days in Paris", "{\"timeZone\": \"Europe/Paris\"}")),
            Map.entry("destinationRotate", Map.of("a new secret, the old one valid a day", "{\"previousValidFor\": \"PT24H\"}")),
            Map.entry("previewPreview", Map.of("a generic-format call", "{\"type\": \"call.ended\", \"callId\": \"dialer-call-7f3a\", "
                    + "\"occurredAt\": \"2026-11-23T10:15:30Z\", \"outcome\": \"LEFT_VOICEMAIL\", \"direction\": \"OUTBOUND\", "
                    + "\"from\": \"+14155550100\", \"to\": \"+442071838750\", \"durationSeconds\": 31}")));

    /** status → a problem body such as the gateway sends. */
    static final Map<String, String> PROBLEMS = Map.of(
            "400", problem(400, "invalid_body", "role must be one of operator, tenant-admin, tenant-viewer", "role"),
            "401", problem(401, "api_key_invalid", "the admin API key is not valid", null),
            "403", problem(403, "forbidden", "key 'initech viewer' is a tenant-viewer key; "
                    + "POST /api/dead-letters/42/replay needs tenant-admin", null),
            "404", problem(404, "unknown_tenant", "no tenant 'initech' is configured", null),
            "409", problem(409, "configured_tenant", "tenant 'acme' is declared in gateway.tenants and is read-only here", null),
            "429", problem(429, "too_many_attempts", "too many wrong admin API keys from this address; wait a minute", null));

    private OpenApiExamples() {
    }

    static void addRequestExamples(String operationId, MediaType media) {
        REQUESTS.getOrDefault(operationId, Map.of()).forEach((name, body) -> media.addExamples(name, example(body)));
    }

    static void addProblemExample(String status, MediaType media) {
        if (PROBLEMS.containsKey(status)) {
            media.addExamples("problem", example(PROBLEMS.get(status)));
        }
    }

    private static Example example(String body) {
        try {
            return new Example().value(JSON.readTree(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an OpenAPI example is not JSON: " + body, e);
        }
    }

    private static String problem(int status, String reason, String detail, String field) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("type", "about:blank");
        p.put("title", org.springframework.http.HttpStatus.valueOf(status).getReasonPhrase());
        p.put("status", status);
        p.put("detail", detail);
        p.put("reason", reason);
        if (field != null) {
            p.put("field", field);
        }
        try {
            return JSON.writeValueAsString(p);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
