package dev.dispositions.gateway.dialer.dialpad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dispositions.gateway.config.GatewayProperties.DialerSettings;
import dev.dispositions.gateway.config.Secret;
import dev.dispositions.gateway.dialer.Goldens;
import dev.dispositions.gateway.dialer.InboundWebhook;
import dev.dispositions.gateway.dialer.WebhookRejected;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DialpadAdapterTest {
    private static final String SECRET = "dialpad-subscription-secret-32-bytes!";
    private final DialpadAdapter adapter = new DialpadAdapter();
    private final DialerSettings settings = new DialerSettings(true, Secret.of(SECRET), Map.of(), "US", null);

    private static InboundWebhook webhook(byte[] body) {
        return Goldens.webhook("dialpad", "http://localhost/webhooks/dialpad", "application/jwt", Map.of(), body);
    }

    @Test
    void aJwtSignedWithTheSubscriptionSecretIsAcceptedAndAnyOtherIs401() {
        var claims = Goldens.json("dialer/dialpad/hangup-outbound-connected.claims.json");
        adapter.verify(webhook(Goldens.jwt(claims, SECRET)), settings);

        assertThatThrownBy(() -> adapter.verify(webhook(Goldens.jwt(claims, SECRET.toUpperCase())), settings))
                .isInstanceOfSatisfying(WebhookRejected.class, e -> assertThat(e.reason()).isEqualTo("signature_invalid"));
        assertThatThrownBy(() -> adapter.verify(webhook(claims.toString().getBytes(StandardCharsets.UTF_8)), settings))
                .isInstanceOfSatisfying(WebhookRejected.class, e -> assertThat(e.status()).isEqualTo(401));
    }
}
