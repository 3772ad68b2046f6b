package dev.dispositions.gateway.dialer.aircall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dispositions.gateway.canonical.Outcome;
import dev.dispositions.gateway.config.GatewayProperties.DialerSettings;
import dev.dispositions.gateway.config.Secret;
import dev.dispositions.gateway.dialer.Goldens;
import dev.dispositions.gateway.dialer.InboundWebhook;
import dev.dispositions.gateway.dialer.Normalized;
import dev.dispositions.gateway.dialer.WebhookRejected;
import dev.dispositions.gateway.mapping.MappingCatalogs;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AircallAdapterTest {
    private static final String TOKEN = "58ffd2bc5f3113f7bebf210a49299a1b";
    private final AircallAdapter adapter = new AircallAdapter();
    private final DialerSettings settings = new DialerSettings(true, Secret.of(TOKEN), Map.of(), "US", null);

    private static InboundWebhook webhook(byte[] body) {
        return Goldens.webhook("aircall", "http://localhost/webhooks/aircall", "application/json", Map.of(), body);
    }

    @Test
    void theWebhooksTokenInTheBodyIsCheckedAndAnyOtherIs401() {
        byte[] sample = Goldens.bytes("dialer/aircall/call-ended-outbound.json");
        adapter.verify(webhook(sample), settings);

        byte[] otherToken = new String(sample, StandardCharsets.UTF_8).replace(TOKEN, "0".repeat(32)).getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> adapter.verify(webhook(otherToken), settings))
                .isInstanceOfSatisfying(WebhookRejected.class, e -> assertThat(e.reason()).isEqualTo("signature_invalid"));
        assertThatThrownBy(() -> adapter.verify(webhook("{\"event\":\"call.ended\"}".getBytes(StandardCharsets.UTF_8)), settings))
                .isInstanceOfSatisfying(WebhookRejected.class, e -> {
                    assertThat(e.status()).isEqualTo(401);
                    assertThat(e.field()).isEqualTo("$.token");
                });
    }

    @Test
    void aTenantsOwnTagIsTheOutcomeOfATaggedCall() {
        var mapping = MappingCatalogs.packaged().dialer("aircall").orElseThrow()
                .forTenant(Map.of("Assess_Eng_Lvl", "INTERESTED"), null);

        var calls = (Normalized.Calls) adapter.normalize(webhook(Goldens.bytes("dialer/aircall/call-tagged.json")), mapping, settings);

        assertThat(calls.events().get(0).outcome()).isEqualTo(Outcome.INTERESTED);
    }
}
