package dev.dispositions.gateway.dialer.generic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dispositions.gateway.canonical.CallState;
import dev.dispositions.gateway.canonical.CanonicalDisposition;
import dev.dispositions.gateway.canonical.Outcome;
import dev.dispositions.gateway.config.GatewayProperties.DialerSettings;
import dev.dispositions.gateway.config.Secret;
import dev.dispositions.gateway.dialer.Goldens;
import dev.dispositions.gateway.dialer.InboundWebhook;
import dev.dispositions.gateway.dialer.Normalized;
import dev.dispositions.gateway.dialer.StandardWebhooks;
import dev.dispositions.gateway.dialer.WebhookRejected;
import dev.dispositions.gateway.mapping.DialerMapping;
import dev.dispositions.gateway.mapping.MappingCatalogs;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GenericAdapterTest {
    private static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString("test-key-0123456789".getBytes(StandardCharsets.UTF_8));
    private static final String ID = "msg_2Kx8f3a";
    private final GenericAdapter adapter = new GenericAdapter(Clock.fixed(Goldens.RECEIVED_AT, ZoneOffset.UTC));
    private final DialerMapping mapping = MappingCatalogs.packaged().dialer("generic").orElseThrow();
    private final DialerSettings settings = new DialerSettings(true, Secret.of(SECRET), Map.of(), "US", null);

    @Test
    void normalizesTheDocumentedExampleToTheGoldenCanonicalDisposition() {
        Normalized n = adapter.normalize(webhook(Goldens.bytes("dialer/generic/call-ended.json")), mapping, settings);

        assertThat(n).isInstanceOfSatisfying(Normalized.Calls.class, calls -> {
            assertThat(calls.vendorEventId()).isEqualTo(ID);
            assertThat(Goldens.tree(calls.events().get(0))).isEqualTo(Goldens.json("dialer/generic/call-ended.expected.json"));
        });
    }

    @Test
    void acceptsAStandardWebhooksSignatureAndAnyOfSeveralForKeyRotation() {
        byte[] body = Goldens.bytes("dialer/generic/call-ended.json");
        String ts = String.valueOf(Goldens.RECEIVED_AT.getEpochSecond() - 60);
        String good = "v1," + Base64.getEncoder().encodeToString(StandardWebhooks.sign(SECRET, ID, ts, body));

        adapter.verify(signedWebhook(body, ts, good), settings);
        adapter.verify(signedWebhook(body, ts, "v1,c29tZW90aGVya2V5 " + good), settings);
    }

    @Test
    void refusesATamperedBodyAStaleTimestampAndAMissingSignature() {
        byte[] body = Goldens.bytes("dialer/generic/call-ended.json");
        String ts = String.valueOf(Goldens.RECEIVED_AT.getEpochSecond());
        String sig = "v1," + Base64.getEncoder().encodeToString(StandardWebhooks.sign(SECRET, ID, ts, body));
        byte[] tampered = new String(body, StandardCharsets.UTF_8).replace("MEETING_BOOKED", "NO_ANSWER").getBytes(StandardCharsets.UTF_8);
        String stale = String.valueOf(Goldens.RECEIVED_AT.getEpochSecond() - 301);
        String staleSig = "v1," + Base64.getEncoder().encodeToString(StandardWebhooks.sign(SECRET, ID, stale, body));

        assertRejected(() -> adapter.verify(signedWebhook(tampered, ts, sig), settings), "signature_invalid", "webhook-signature");
        assertRejected(() -> adapter.verify(signedWebhook(body, stale, staleSig), settings), "timestamp_out_of_tolerance", "webhook-timestamp");
        assertRejected(() -> adapter.verify(webhook(body), settings), "signature_missing", "webhook-timestamp");
    }

    @Test
    void aProgressEventIsLiveAndAnUnknownTypeIsIgnored() {
        CanonicalDisposition live = ((Normalized.Calls) adapter.normalize(
                webhook("{\"type\":\"call.progress\",\"callId\":\"c1\"}".getBytes(StandardCharsets.UTF_8)), mapping, settings)).events().get(0);
        assertThat(live.state()).isEqualTo(CallState.IN_PROGRESS);
        assertThat(live.occurredAtSource()).isEqualTo("receipt");

        assertThat(adapter.normalize(webhook("{\"type\":\"contact.created\"}".getBytes(StandardCharsets.UTF_8)), mapping, settings))
                .isInstanceOf(Normalized.Ignored.class);
    }

    @Test
    void anAliasFromTheMappingFileBecomesItsOutcome() {
        Normalized n = adapter.normalize(webhook("{\"type\":\"call.ended\",\"callId\":\"c1\",\"outcome\":\"VOICEMAIL\"}"
                .getBytes(StandardCharsets.UTF_8)), mapping, settings);
        assertThat(((Normalized.Calls) n).events().get(0).outcome()).isEqualTo(Outcome.LEFT_VOICEMAIL);
    }

    @ParameterizedTest(name = "{0} -> {1} {2} at {3}")
    @CsvSource(delimiter = '|', value = {
            "not json                                                          | 400 | malformed_body       | ",
            "[1,2]                                                             | 400 | malformed_body       | ",
            "{\"callId\":\"c1\",\"outcome\":\"BUSY\"}                          | 422 | missing_field        | $.type",
            "{\"type\":\"call.ended\",\"outcome\":\"BUSY\"}                    | 422 | missing_field        | $.callId",
            "{\"type\":\"call.ended\",\"callId\":\"c1\"}                       | 422 | missing_field        | $.outcome",
            "{\"type\":\"call.ended\",\"callId\":\"c1\",\"outcome\":\"MAYBE\"} | 422 | unknown_outcome      | $.outcome",
            "{\"type\":\"call.ended\",\"callId\":\"c1\",\"outcome\":\"BUSY\",\"durationSeconds\":\"long\"} | 422 | invalid_value | $.durationSeconds",
            "{\"type\":\"call.ended\",\"callId\":\"c1\",\"outcome\":\"BUSY\",\"durationSeconds\":-4}       | 422 | invalid_value | $.durationSeconds",
            "{\"type\":\"call.ended\",\"callId\":\"c1\",\"outcome\":\"BUSY\",\"from\":\"0415 555\"}        | 422 | invalid_phone_number | $.from",
            "{\"type\":\"call.ended\",\"callId\":\"c1\",\"outcome\":\"BUSY\",\"direction\":\"sideways\"}   | 422 | invalid_value | $.direction",
            "{\"type\":\"call.ended\",\"callId\":\"c1\",\"outcome\":\"BUSY\",\"prospect\":{\"email\":\"nope\"}} | 422 | invalid_email | $.prospect.email"})
    void badInputIsRefusedWithItsStatusReasonAndField(String body, int status, String reason, String field) {
        assertThatThrownBy(() -> adapter.normalize(webhook(body.getBytes(StandardCharsets.UTF_8)), mapping, settings))
                .isInstanceOfSatisfying(WebhookRejected.class, e -> {
                    assertThat(e.status()).isEqualTo(status);
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.field()).isEqualTo(field);
                });
    }

    private static void assertRejected(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String reason, String field) {
        assertThatThrownBy(call).isInstanceOfSatisfying(WebhookRejected.class, e -> {
            assertThat(e.reason()).isEqualTo(reason);
            assertThat(e.field()).isEqualTo(field);
        });
    }

    private static InboundWebhook webhook(byte[] body) {
        return Goldens.webhook("generic", "http://localhost/webhooks/generic", "application/json", Map.of(StandardWebhooks.ID, ID), body);
    }

    private static InboundWebhook signedWebhook(byte[] body, String timestamp, String signature) {
        return Goldens.webhook("generic", "http://localhost/webhooks/generic", "application/json",
                Map.of(StandardWebhooks.ID, ID, StandardWebhooks.TIMESTAMP, timestamp, StandardWebhooks.SIGNATURE, signature), body);
    }
}
