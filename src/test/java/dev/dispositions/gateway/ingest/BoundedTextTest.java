package dev.dispositions.gateway.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dispositions.gateway.GatewayIntegrationTest;
import dev.dispositions.gateway.canonical.TextLimits;
import org.junit.jupiter.api.Test;

/**
 * Every canonical text has a maximum: an over-long id is a 422 naming its field; over-long free text is cut with a
 * marker and a warning, and the call is kept.
 */
class BoundedTextTest extends GatewayIntegrationTest {

    @Test
    void overLongFreeTextIsCutMarkedAndWarnedAboutNeverRefused() {
        String callId = "long-notes-" + newCallId();
        String body = """
                {"type":"call.ended","callId":"%s","outcome":"BUSY","notes":"%s","campaign":"%s","recordingUrl":"https://r.example/%s"}"""
                .formatted(callId, "n".repeat(50_000), "c".repeat(400), "u".repeat(3000));
        Reply reply = postGeneric("/webhooks/generic", DEMO_GENERIC_SECRET, "msg_" + callId, body);
        assertThat(reply.status()).as(reply.raw()).isEqualTo(202);

        JsonNode e = event(reply.body().get("eventId").asText());
        JsonNode canonical = e.get("canonical");
        assertThat(canonical.get("notes").asText()).hasSize(TextLimits.NOTES).endsWith("…[truncated]");
        assertThat(canonical.get("campaign").asText()).hasSize(TextLimits.CAMPAIGN).endsWith("…[truncated]");
        assertThat(canonical.get("recordingUrl").asText()).hasSize(TextLimits.RECORDING_URL);
        assertThat(e.get("warnings").findValuesAsText("code")).containsExactly("truncated_text", "truncated_text", "truncated_text");
        assertThat(e.get("warnings").get(0).get("message").asText()).isEqualTo("truncated notes: 50000 characters, the first 9988 kept (at most 10000)");
    }

    @Test
    void anOverLongEventIdIsA422NamingTheHeader() {
        String callId = "long-id-" + newCallId();
        Reply reply = postGeneric("/webhooks/generic", DEMO_GENERIC_SECRET, "msg_" + "x".repeat(300),
                "{\"type\":\"call.ended\",\"callId\":\"" + callId + "\",\"outcome\":\"BUSY\"}");
        assertThat(reply.status()).as(reply.raw()).isEqualTo(422);
        assertThat(reply.body().get("field").asText()).isEqualTo("webhook-id");
        assertThat(reply.body().get("detail").asText()).isEqualTo("an event id is at most 255 characters");
    }

    @Test
    void aBodyThatMeansTwoThingsIsA400() {
        String callId = "dup-" + newCallId();
        Reply reply = postGeneric("/webhooks/generic", DEMO_GENERIC_SECRET, "msg_" + callId,
                "{\"type\":\"call.ended\",\"callId\":\"" + callId + "\",\"outcome\":\"BUSY\",\"outcome\":\"DO_NOT_CONTACT\"}");
        assertThat(reply.status()).as(reply.raw()).isEqualTo(400);
        assertThat(reply.body().get("reason").asText()).isEqualTo("malformed_body");
        assertThat(reply.body().get("detail").asText()).isEqualTo("a key appears twice in one object: 'outcome'");
    }
}
