package dev.dispositions.gateway.dialer.twilio;

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
import dev.dispositions.gateway.dialer.WebhookRejected;
import dev.dispositions.gateway.mapping.DialerMapping;
import dev.dispositions.gateway.mapping.MappingCatalogs;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TwilioAdapterTest {
    private static final String FORM = "application/x-www-form-urlencoded";
    private final TwilioAdapter adapter = new TwilioAdapter();
    private final DialerMapping mapping = MappingCatalogs.packaged().dialer("twilio").orElseThrow();
    private final DialerSettings settings = new DialerSettings(true, Secret.of("tok"), Map.of(), "US", null);

    @Test
    void normalizesTheRecordedStatusCallbackToTheGoldenCanonicalDisposition() {
        Normalized n = adapter.normalize(webhook(Goldens.text("dialer/twilio/completed-human.form")), mapping, settings);

        assertThat(n).isInstanceOf(Normalized.Calls.class);
        Normalized.Calls calls = (Normalized.Calls) n;
        assertThat(calls.vendorEventId()).isEqualTo("CAf19604a3eec3e63d157870c5f7f3b3a0:0");
        assertThat(Goldens.tree(calls.events().get(0))).isEqualTo(Goldens.json("dialer/twilio/completed-human.expected.json"));
    }

    @ParameterizedTest(name = "{0} + AnsweredBy={1}, {2}s -> {3}")
    @CsvSource(nullValues = "-", value = {
            "completed, human, 95, CONNECTED",
            "completed, -, 95, CONNECTED",
            "completed, machine_end_beep, 37, LEFT_VOICEMAIL",
            "completed, machine_end_silence, 20, LEFT_VOICEMAIL",
            "completed, machine_start, 4, NO_ANSWER",
            "completed, machine, 4, NO_ANSWER",
            "completed, fax, 3, WRONG_NUMBER",
            "completed, unknown, 30, CONNECTED",
            "completed, unknown, 0, NO_ANSWER",
            "busy, -, 0, BUSY",
            "no-answer, -, 0, NO_ANSWER",
            "failed, -, 0, FAILED",
            "canceled, -, 0, CANCELED"})
    void mapsCallStatusAndAnsweredByThroughTheMappingFile(String status, String answeredBy, int duration, Outcome expected) {
        String body = "CallSid=CA1&CallStatus=" + status + "&CallDuration=" + duration
                + (answeredBy == null ? "" : "&AnsweredBy=" + answeredBy);
        CanonicalDisposition event = only(adapter.normalize(webhook(body), mapping, settings));
        assertThat(event.state()).isEqualTo(CallState.COMPLETED);
        assertThat(event.outcome()).isEqualTo(expected);
    }

    @Test
    void anAnsweredByValueTheFileDoesNotKnowFallsBackVisibly() {
        CanonicalDisposition event = only(adapter.normalize(webhook("CallSid=CA1&CallStatus=completed&AnsweredBy=robot"), mapping, settings));
        assertThat(event.outcome()).isEqualTo(Outcome.CONNECTED);
        assertThat(event.vendorLabels()).containsEntry(DialerMapping.FALLBACK_FOR, "completed:robot");
    }

    @Test
    void ringingIsALiveStateWithNoOutcome() {
        CanonicalDisposition event = only(adapter.normalize(webhook("CallSid=CA1&CallStatus=ringing&SequenceNumber=1"), mapping, settings));
        assertThat(event.state()).isEqualTo(CallState.IN_PROGRESS);
        assertThat(event.outcome()).isNull();
    }

    @Test
    void aCallbackWithoutCallStatusIsIgnoredWithAReason() {
        Normalized n = adapter.normalize(webhook("CallSid=CA1&RecordingSid=RE1&RecordingStatus=completed"), mapping, settings);
        assertThat(n).isInstanceOfSatisfying(Normalized.Ignored.class, i -> assertThat(i.reason()).contains("CallStatus"));
    }

    @Test
    void aStatusCallbackWithoutCallSidIsRefusedNamingTheField() {
        assertThatThrownBy(() -> adapter.normalize(webhook("CallStatus=completed"), mapping, settings))
                .isInstanceOfSatisfying(WebhookRejected.class, e -> {
                    assertThat(e.status()).isEqualTo(422);
                    assertThat(e.field()).isEqualTo("CallSid");
                    assertThat(e.reason()).isEqualTo("missing_field");
                });
    }

    @Test
    void anRfc2822TimestampIsTheEventTimeAndAClientIdentityIsNotAPhoneNumber() {
        CanonicalDisposition event = only(adapter.normalize(webhook(
                "CallSid=CA1&CallStatus=busy&Direction=inbound&From=client%3Aalice&To=%2B14155550199"
                        + "&Timestamp=Mon%2C+23+Nov+2026+14%3A05%3A09+%2B0000"), mapping, settings));
        assertThat(event.occurredAt()).hasToString("2026-11-23T14:05:09Z");
        assertThat(event.occurredAtSource()).isEqualTo("vendor");
        assertThat(event.fromNumber()).isNull();
        assertThat(event.prospect().phone()).isNull();
    }

    @Test
    void verifiesTheSignatureAgainstTheCalledUrlAndTheAuthToken() {
        String body = "CallSid=CA1&CallStatus=busy";
        String url = "https://gw.example.com/webhooks/twilio";
        String signature = TwilioSignature.compute("tok", url, dev.dispositions.gateway.dialer.FormBody.parse(body));

        adapter.verify(signed(url, body, signature), settings);
        assertThatThrownBy(() -> adapter.verify(signed(url, body + "&x=1", signature), settings))
                .isInstanceOfSatisfying(WebhookRejected.class, e -> assertThat(e.reason()).isEqualTo("signature_invalid"));
        assertThatThrownBy(() -> adapter.verify(signed(url, body, null), settings))
                .isInstanceOfSatisfying(WebhookRejected.class, e -> assertThat(e.reason()).isEqualTo("signature_missing"));
    }

    private static InboundWebhook signed(String url, String body, String signature) {
        return Goldens.webhook("twilio", url, FORM, signature == null ? Map.of() : Map.of("X-Twilio-Signature", signature),
                body.getBytes(StandardCharsets.UTF_8));
    }

    private static InboundWebhook webhook(String body) {
        return Goldens.webhook("twilio", "http://localhost/webhooks/twilio", FORM, Map.of(), body.getBytes(StandardCharsets.UTF_8));
    }

    private static CanonicalDisposition only(Normalized n) {
        assertThat(n).isInstanceOf(Normalized.Calls.class);
        assertThat(((Normalized.Calls) n).events()).hasSize(1);
        return ((Normalized.Calls) n).events().get(0);
    }
}
