package dev.dispositions.gateway.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispositions.gateway.GatewayIntegrationTest;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every refusal is application/problem+json naming a reason (and the field when one is at fault), checked in the
 * order 404 → 415 → 413 → 401 → 400 → 422; none is a 500, none echoes a secret.
 */
class BadInputTest extends GatewayIntegrationTest {
    private static final String JSON = "application/json";
    private static final String VALID = "{\"type\":\"call.ended\",\"callId\":\"c-1\",\"outcome\":\"BUSY\"}";

    private static void assertProblem(Reply r, int status, String reason, String field) {
        assertThat(r.status()).as(r.raw()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.body().get("status").asInt()).isEqualTo(status);
        assertThat(r.body().get("reason").asText()).isEqualTo(reason);
        assertThat(r.body().get("title").asText()).isNotBlank();
        assertThat(r.body().get("detail").asText()).isNotBlank();
        if (field == null) {
            assertThat(r.body().has("field")).isFalse();
        } else {
            assertThat(r.body().get("field").asText()).isEqualTo(field);
        }
        assertThat(r.raw()).doesNotContain(DEMO_GENERIC_SECRET.substring(6), DEMO_TWILIO_TOKEN, ADMIN_KEY, "Exception", "\tat ");
    }

    @Test
    void unknownTenantIs404EvenWhenEverythingElseIsWrongToo() {
        assertProblem(postRaw("/webhooks/nobody/generic", "text/plain", Map.of(), "x".repeat(300_000)), 404, "unknown_tenant", null);
    }

    @Test
    void unknownOrDisabledDialerIs404() {
        assertProblem(postRaw("/webhooks/default/nosuchdialer", JSON, Map.of(), VALID), 404, "unknown_dialer", null);
        assertProblem(postRaw("/webhooks/acme/twilio", "application/x-www-form-urlencoded", Map.of(), "CallSid=1"), 404,
                "unknown_dialer", null);
    }

    @Test
    void wrongOrMissingContentTypeIs415BeforeSizeAndSignature() {
        assertProblem(postRaw("/webhooks/generic", "text/plain", Map.of(), "x".repeat(300_000)), 415, "unsupported_media_type", "Content-Type");
        assertProblem(postRaw("/webhooks/twilio", "text/xml", Map.of(), VALID), 415, "unsupported_media_type", "Content-Type");
        assertProblem(postRaw("/webhooks/generic", null, Map.of(), VALID), 415, "unsupported_media_type", "Content-Type");
    }

    @Test
    void aBodyOverTheLimitIs413BeforeTheSignatureIsChecked() {
        String big = "{\"notes\":\"" + "x".repeat(262_144) + "\"}";
        assertProblem(postRaw("/webhooks/generic", JSON, Map.of(), big), 413, "body_too_large", null);
    }

    @Test
    void aMissingWrongOrStaleSignatureIs401BeforeTheBodyIsRead() {
        assertProblem(postRaw("/webhooks/generic", JSON, Map.of(), "not json"), 401, "signature_missing", "webhook-id");
        String now = String.valueOf(Instant.now().getEpochSecond());
        assertProblem(postRaw("/webhooks/generic", JSON, Map.of("webhook-id", "m1", "webhook-timestamp", now,
                "webhook-signature", "v1,AAAA"), "not json"), 401, "signature_invalid", "webhook-signature");
        String stale = String.valueOf(Instant.now().getEpochSecond() - 3600);
        assertProblem(postRaw("/webhooks/generic", JSON, Map.of("webhook-id", "m1", "webhook-timestamp", stale,
                "webhook-signature", "v1,AAAA"), VALID), 401, "timestamp_out_of_tolerance", "webhook-timestamp");
        // Signed with another tenant's secret:
        assertProblem(postGeneric("/webhooks/generic", ACME_SECRET, "m2", VALID), 401, "signature_invalid", "webhook-signature");
        assertProblem(postRaw("/webhooks/twilio", "application/x-www-form-urlencoded",
                Map.of("X-Twilio-Signature", "bm9wZQ=="), "CallSid=CA1&CallStatus=busy"), 401, "signature_invalid", "X-Twilio-Signature");
    }

    @Test
    void aSignedBodyThatIsNotJsonIs400() {
        assertProblem(postGeneric("/webhooks/generic", DEMO_GENERIC_SECRET, "m-400", "{\"type\": call.ended"), 400, "malformed_body", null);
    }

    @Test
    void aSignedEventThatMakesNoSenseIs422NamingTheField() {
        assertProblem(postGeneric("/webhooks/generic", DEMO_GENERIC_SECRET, "m-422a",
                "{\"type\":\"call.ended\",\"outcome\":\"BUSY\"}"), 422, "missing_field", "$.callId");
        assertProblem(postGeneric("/webhooks/generic", DEMO_GENERIC_SECRET, "m-422b",
                "{\"type\":\"call.ended\",\"callId\":\"c\",\"outcome\":\"PROBABLY_FINE\"}"), 422, "unknown_outcome", "$.outcome");
        assertProblem(postGeneric("/webhooks/generic", DEMO_GENERIC_SECRET, "m-422c",
                "{\"type\":\"call.ended\",\"callId\":\"c\",\"outcome\":\"BUSY\",\"durationSeconds\":\"long\"}"), 422,
                "invalid_value", "$.durationSeconds");
        assertProblem(postTwilio("CallStatus=completed&CallDuration=5"), 422, "missing_field", "CallSid");
    }

    @Test
    void aRefusedEventIsNotStoredSoItsCorrectedResendIsAccepted() {
        assertProblem(postGeneric("/webhooks/generic", DEMO_GENERIC_SECRET, "m-fix",
                "{\"type\":\"call.ended\",\"callId\":\"c-fix\",\"outcome\":\"MAYBE\"}"), 422, "unknown_outcome", "$.outcome");
        Reply fixed = postGeneric("/webhooks/generic", DEMO_GENERIC_SECRET, "m-fix",
                "{\"type\":\"call.ended\",\"callId\":\"c-fix\",\"outcome\":\"NO_ANSWER\"}");
        assertThat(fixed.status()).isEqualTo(202);
    }

    @Test
    void aNonCallEventIsIgnoredWith200AndAReason() {
        Reply r = postGeneric("/webhooks/generic", DEMO_GENERIC_SECRET, "m-ignored", "{\"type\":\"contact.created\",\"id\":7}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().get("status").asText()).isEqualTo("ignored");
        assertThat(r.body().get("reason").asText()).contains("contact.created");
    }

    @Test
    void anotherTenantUsesItsOwnUrlAndSecret() {
        Reply r = postGeneric("/webhooks/acme/generic", ACME_SECRET, "m-acme",
                "{\"type\":\"call.ended\",\"callId\":\"acme-1\",\"outcome\":\"BUSY\"}");
        assertThat(r.status()).isEqualTo(202);
        // acme has no CRM connected: the event is kept, with nothing to deliver.
        assertThat(event(r.body().get("eventId").asText()).get("status").asText()).isEqualTo("recorded");
    }

    @Test
    void theEventApiNeedsTheAdminKeyAndNamesAnUnknownEvent() {
        assertProblem(getRaw("/api/events/abc", Map.of()), 401, "api_key_missing", null);
        assertProblem(getRaw("/api/events/abc", Map.of("X-Api-Key", "guess")), 401, "api_key_invalid", null);
        assertProblem(getRaw("/api/events/abc", Map.of("Authorization", "Bearer " + ADMIN_KEY)), 404, "unknown_event", null);
    }

    @Test
    void anUnknownPathOrMethodIsAProblemToo() {
        assertProblem(getRaw("/nowhere", Map.of()), 404, "not_found", null);
        assertProblem(getRaw("/webhooks/generic", Map.of()), 405, "method_not_allowed", null);
    }
}
