package dev.dispositions.gateway.dialer.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dispositions.gateway.dialer.FormBody;
import dev.dispositions.gateway.dialer.Goldens;
import org.junit.jupiter.api.Test;

class TwilioSignatureTest {
    private static final String URL = "https://mycompany.com/myapp.php?foo=1&bar=2";
    private static final String TOKEN = "12345";

    @Test
    void matchesTwiliosOfficialTestVector() {
        var params = FormBody.parse(Goldens.text("dialer/twilio/request-validator-vector.form"));
        assertThat(TwilioSignature.compute(TOKEN, URL, params)).isEqualTo("RSOYDt4T1cUTdK1PDd93/VVr8B8=");
        assertThat(TwilioSignature.matches(TOKEN, URL, params, "RSOYDt4T1cUTdK1PDd93/VVr8B8=")).isTrue();
    }

    @Test
    void rejectsTheVectorUnderAnotherTokenOrUrlOrBody() {
        var params = FormBody.parse(Goldens.text("dialer/twilio/request-validator-vector.form"));
        assertThat(TwilioSignature.matches("54321", URL, params, "RSOYDt4T1cUTdK1PDd93/VVr8B8=")).isFalse();
        assertThat(TwilioSignature.matches(TOKEN, URL + "&baz=3", params, "RSOYDt4T1cUTdK1PDd93/VVr8B8=")).isFalse();
        params.put("Digits", java.util.List.of("9999"));
        assertThat(TwilioSignature.matches(TOKEN, URL, params, "RSOYDt4T1cUTdK1PDd93/VVr8B8=")).isFalse();
    }

    @Test
    void acceptsTheUrlWithItsDefaultPortAddedOrDropped() {
        var params = FormBody.parse(Goldens.text("dialer/twilio/request-validator-vector.form"));
        assertThat(TwilioSignature.matches(TOKEN, "https://mycompany.com:443/myapp.php?foo=1&bar=2", params,
                "RSOYDt4T1cUTdK1PDd93/VVr8B8=")).isTrue();
        assertThat(TwilioSignature.urlVariants("http://h.example:8080/x")).containsExactly("http://h.example:8080/x");
    }

    @Test
    void matchesTwiliosOfficialVectorForAJsonBodySignedThroughBodySha256() {
        byte[] body = "{\"property\": \"value\", \"boolean\": true}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String url = URL + "&bodySHA256=0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620";

        assertThat(TwilioSignature.matchesJson(TOKEN, url, body, "a9nBmqA0ju/hNViExpshrM61xv4=")).isTrue();
        assertThat(TwilioSignature.matchesJson(TOKEN, url, "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "a9nBmqA0ju/hNViExpshrM61xv4=")).as("the body no longer matches its hash").isFalse();
        assertThat(TwilioSignature.matchesJson(TOKEN, URL, body, "a9nBmqA0ju/hNViExpshrM61xv4=")).as("no bodySHA256").isFalse();
    }
}
