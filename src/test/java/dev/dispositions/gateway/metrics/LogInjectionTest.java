package dev.dispositions.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispositions.gateway.GatewayIntegrationTest;
import dev.dispositions.gateway.dialer.Goldens;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.commons.codec.digest.HmacAlgorithms;
import org.apache.commons.codec.digest.HmacUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** A value from a request that is logged in plain text cannot start a line of its own: no forged log lines. */
@ExtendWith(OutputCaptureExtension.class)
class LogInjectionTest extends GatewayIntegrationTest {

    @Test
    void aLineBreakInALoggedLabelIsShownNotObeyed(CapturedOutput output) {
        String forged = "1999-01-01T00:00:00.000Z ERROR 1 --- [main] forged.Logger : FORGED-" + newCallId();
        String body = Goldens.text("dialer/symbo/call-completed-meeting-booked.json").replace("cl_5521", "inj-" + newCallId())
                .replace("\"Meeting Booked\"", "\"Pricing\\n" + forged + "\\u0007\"");
        String signature = new HmacUtils(HmacAlgorithms.HMAC_SHA_256, "demo-symbo-webhook-secret".getBytes(StandardCharsets.UTF_8)).hmacHex(body);
        Reply r = postRaw("/webhooks/symbo", "application/json", Map.of("X-Hmac-Signature", signature), body);
        assertThat(r.status()).as(r.raw()).isEqualTo(400); // a bell is a control character: refused, as strict JSON is

        String withNewlineOnly = body.replace("\\u0007", "");
        Reply accepted = postRaw("/webhooks/symbo", "application/json", Map.of("X-Hmac-Signature",
                new HmacUtils(HmacAlgorithms.HMAC_SHA_256, "demo-symbo-webhook-secret".getBytes(StandardCharsets.UTF_8)).hmacHex(withNewlineOnly)),
                withNewlineOnly);
        assertThat(accepted.status()).as(accepted.raw()).isEqualTo(202);

        assertThat(output.getOut()).contains("'Pricing\\n" + forged + "'").doesNotContain("\n" + forged);
    }
}
