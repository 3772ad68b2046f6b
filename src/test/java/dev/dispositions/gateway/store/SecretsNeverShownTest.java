package dev.dispositions.gateway.store;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import dev.dispositions.gateway.GatewayIntegrationTest;
import dev.dispositions.gateway.dialer.Goldens;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What support sees never holds a secret: not a dialer's token however it was escaped, not a credential a CRM echoed. */
class SecretsNeverShownTest extends GatewayIntegrationTest {
    private static final String AIRCALL_TOKEN = "58ffd2bc5f3113f7bebf210a49299a1b";

    @Test
    void aDialersTokenIsMaskedInTheRawPayloadEvenWhenItsJsonEscapesHideItFromAPlainSearch() throws Exception {
        String callId = String.valueOf(System.nanoTime());
        // "\u0035" is "5": the same token to a JSON parser, another string to a text search.
        String body = Goldens.text("dialer/aircall/call-ended-outbound.json").replace("780836699", callId)
                .replace("\"" + AIRCALL_TOKEN + "\"", "\"\\u0035" + AIRCALL_TOKEN.substring(1) + "\"");
        Reply r = postRaw("/webhooks/aircall", "application/json", Map.of(), body);
        assertThat(r.status()).as(r.raw()).isEqualTo(202);

        String raw = event(r.body().get("eventId").asText()).get("rawPayload").asText();
        assertThat(raw).doesNotContain(AIRCALL_TOKEN).doesNotContain(AIRCALL_TOKEN.substring(1));
        assertThat(Goldens.JSON.readTree(raw).get("token").asText()).isEqualTo(Redaction.MASK);
    }

    @Test
    void credentialsACrmEchoesInItsAnswerAreRedactedBeforeTheAttemptIsStoredOrLogged() {
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logs = new ch.qos.logback.core.read.ListAppender<>();
        logs.start();
        ch.qos.logback.classic.Logger dispatch = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("dev.dispositions.gateway");
        dispatch.addAppender(logs);
        try {
            echoed();
        } finally {
            dispatch.detachAppender(logs);
        }
        assertThat(logs.list).extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                .anyMatch(m -> m.contains("rejected; you sent Bearer " + Redaction.MASK)).noneMatch(m -> m.contains("demo.access.token"));
    }

    private void echoed() {
        String callId = "echo-" + newCallId();
        StubMapping echo = SALESFORCE.stubFor(patch(urlPathMatching(TASK_UPSERTS)).atPriority(1).withRequestBody(containing(callId))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json").withBody(
                        "[{\"message\":\"rejected; you sent {{request.headers.Authorization}}\",\"errorCode\":\"INVALID_FIELD\","
                                + "\"access_token\":\"sekrit-echoed-token\",\"fields\":[]}]").withTransformers("response-template")));
        try {
            Reply r = postGeneric("/webhooks/generic", DEMO_GENERIC_SECRET, "msg_" + callId,
                    "{\"type\":\"call.ended\",\"callId\":\"" + callId + "\",\"outcome\":\"BUSY\"}");
            String eventId = r.body().get("eventId").asText();
            await().atMost(Duration.ofSeconds(15)).until(() -> "failed".equals(event(eventId).get("status").asText()));

            JsonNode salesforce = delivery(eventId, "salesforce");
            String everything = salesforce.toString();
            assertThat(everything).doesNotContain("demo.access.token").doesNotContain("sekrit-echoed-token");
            assertThat(salesforce.get("attemptHistory").get(0).get("response").asText()).contains("Bearer " + Redaction.MASK);
        } finally {
            SALESFORCE.removeStub(echo);
        }
    }
}
