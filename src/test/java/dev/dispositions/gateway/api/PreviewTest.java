package dev.dispositions.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dispositions.gateway.GatewayIntegrationTest;
import dev.dispositions.gateway.dialer.Goldens;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The preview shows the canonical disposition and each CRM's fields, and stores and sends nothing. */
class PreviewTest extends GatewayIntegrationTest {

    @Test
    void aSymboPayloadPreviewsAsItsCanonicalDispositionAndSalesforceTaskWithoutSideEffects() {
        String callId = "preview-" + newCallId();
        String body = Goldens.text("dialer/symbo/call-completed-meeting-booked.json").replace("cl_5521", callId);

        Reply r = postRaw("/api/preview/default/symbo", "application/json", Map.of("X-Api-Key", ADMIN_KEY), body);

        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        JsonNode event = r.body().get("events").get(0);
        assertThat(event.get("canonical").get("outcome").asText()).isEqualTo("MEETING_BOOKED");
        JsonNode salesforce = event.get("crms").get("salesforce");
        JsonNode upsert = salesforce.get("writes").get(0);
        assertThat(upsert.get("method").asText()).isEqualTo("PATCH");
        assertThat(upsert.get("path").asText()).isEqualTo(TASK_UPSERTS);
        assertThat(upsert.get("for").get(0).asText()).isEqualTo("activity");
        JsonNode task = upsert.get("body").get("records").get(0);
        assertThat(task.get("attributes").get("type").asText()).isEqualTo("Task");
        assertThat(task.get("CallDisposition").asText()).isEqualTo("Meeting Booked");
        assertThat(task.get("WhoId").asText()).isEqualTo("003000000000077AAA");
        assertThat(task.get("Dialer_Call_Id__c").asText()).isEqualTo("symbo:" + callId);
        assertThat(salesforce.get("withoutACall").get(0).get("for").asText()).isEqualTo("lead-status");
        assertThat(salesforce.get("withoutACall").get(0).get("detail").asText()).isEqualTo("'lead-status' applies to Lead; the person is a Contact");
        assertThat(event.get("sent").asText()).contains("writes are shown, not sent");
        assertThat(postRaw("/webhooks/symbo", "application/json", Map.of(), body).status())
                .as("the same payload for real still needs its signature").isEqualTo(401);
        assertThat(tasksFor(callId)).as("nothing sent").isEmpty();
    }

    @Test
    void aPreviewShowsWhatTheGatewayDecidedAndWhatTheCrmWouldRead() {
        String body = Goldens.text("dialer/symbo/call-completed-meeting-booked.json")
                .replace("\"Meeting Booked\"", "\"Pricing Discussed\"").replace("2026-11-23T15:08:31Z", "9999-01-01T00:00:00Z");

        JsonNode event = postRaw("/api/preview/default/symbo", "application/json", Map.of("X-Api-Key", ADMIN_KEY), body)
                .body().get("events").get(0);

        assertThat(event.get("warnings").findValuesAsText("code")).containsExactly("unmapped_label", "untrusted_time");
        assertThat(event.get("canonical").get("outcome").asText()).isEqualTo("CONNECTED");
        assertThat(event.get("crms").get("salesforce").get("writes").get(0).get("body").get("records").get(0).get("Description").asText())
                .isEqualTo("[gateway: unmapped label 'Pricing Discussed']\n\nDemo booked for Tuesday 10am with the VP Sales.");
    }

    @Test
    void aPreviewNeedsTheAdminKeyAndRefusesBadPayloadsLikeIngest() {
        assertThat(postRaw("/api/preview/default/symbo", "application/json", Map.of(), "{}").status()).isEqualTo(401);
        Reply bad = postRaw("/api/preview/default/symbo", "application/json", Map.of("X-Api-Key", ADMIN_KEY),
                "{\"event\":\"call:completed\",\"call\":{\"outcome\":\"Busy Signal\"}}");
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.body().get("field").asText()).isEqualTo("$.call.id");
        Reply ignored = postRaw("/api/preview/default/salesloft", "application/json",
                Map.of("X-Api-Key", ADMIN_KEY, "x-salesloft-event", "task_created"), "{\"id\":1}");
        assertThat(ignored.body().get("result").asText()).isEqualTo("ignored");
    }
}
