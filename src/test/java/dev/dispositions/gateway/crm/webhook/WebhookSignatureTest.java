package dev.dispositions.gateway.crm.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What a receiver does: verifies the gateway's signature with an independent implementation of Standard Webhooks. */
class WebhookSignatureTest {
    private static final String CURRENT = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String NEXT = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD";
    private static final String BODY = "{\"version\":1,\"type\":\"disposition\",\"outcome\":\"MEETING_BOOKED\"}";

    private static Map<String, List<String>> asReceived(Map<String, String> headers) {
        return headers.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue())));
    }

    @Test
    void theStandardWebhooksLibraryVerifiesWhatTheGatewaySigns() {
        Map<String, String> headers = WebhookSignature.headers(List.of(CURRENT), "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W", Instant.now(),
                BODY.getBytes(StandardCharsets.UTF_8));
        assertThat(headers).containsKeys("webhook-id", "webhook-timestamp", "webhook-signature");
        assertThatCode(() -> new Webhook(CURRENT).verify(BODY, asReceived(headers))).doesNotThrowAnyException();
        assertThatThrownBy(() -> new Webhook(CURRENT).verify(BODY.replace("MEETING", "NO"), asReceived(headers)))
                .as("a changed body").isInstanceOf(WebhookVerificationException.class);
        assertThatThrownBy(() -> new Webhook(NEXT).verify(BODY, asReceived(headers))).as("another secret")
                .isInstanceOf(WebhookVerificationException.class);
    }

    @Test
    void duringARotationAReceiverHoldingEitherSecretVerifies() throws Exception {
        Map<String, String> headers = WebhookSignature.headers(List.of(NEXT, CURRENT), "msg_rotation", Instant.now(),
                BODY.getBytes(StandardCharsets.UTF_8));
        assertThat(headers.get("webhook-signature").split(" ")).hasSize(2).allMatch(s -> s.startsWith("v1,"));
        new Webhook(CURRENT).verify(BODY, asReceived(headers));
        new Webhook(NEXT).verify(BODY, asReceived(headers));
    }

    @Test
    void theSpecsOwnExampleSignsAlike() throws Exception {
        // The library signs the spec's example; ours must produce the same v1 signature for the same id, time and body.
        Instant at = Instant.ofEpochSecond(1614265330);
        String theirs = new Webhook(CURRENT).sign("msg_p5jXN8AQM9LWM0D4loKWxJek", at.getEpochSecond(), "{\"test\": 2432232314}");
        assertThat(WebhookSignature.headers(List.of(CURRENT), "msg_p5jXN8AQM9LWM0D4loKWxJek", at,
                "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8)).get("webhook-signature")).isEqualTo(theirs);
    }
}
