package dev.dispositions.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.convert.ApplicationConversionService;

/** A configured dialer rotates its secret as an API-made one does: the previous secret verifies until a time. */
class DialerSecretRotationSettingsTest {
    private static GatewayProperties.DialerSettings bind(Map<String, String> yaml) {
        return new Binder(java.util.List.of(new MapConfigurationPropertySource(yaml)), null, ApplicationConversionService.getSharedInstance())
                .bind("dialer", GatewayProperties.DialerSettings.class).get();
    }

    @Test
    void thePreviousSecretVerifiesUntilItsTime() {
        var settings = bind(Map.of("dialer.secret", "new", "dialer.previous-secret", "old", "dialer.previous-secret-until", "2030-01-01T00:00:00Z"));
        assertThat(settings.enabled()).isTrue();
        assertThat(settings.defaultRegion()).isEqualTo("US");
        assertThat(settings.previousSecretUntil()).isEqualTo(Instant.parse("2030-01-01T00:00:00Z"));
        assertThat(settings.withPreviousSecret(Instant.parse("2029-12-31T23:59:59Z")).orElseThrow().secret().reveal()).isEqualTo("old");
        assertThat(settings.withPreviousSecret(Instant.parse("2030-01-01T00:00:00Z"))).isEmpty();
        assertThat(bind(Map.of("dialer.secret", "only")).withPreviousSecret(Instant.now())).isEmpty();
        assertThat(bind(Map.of("dialer.secret", "new", "dialer.previous-secret", "old")).withPreviousSecret(Instant.now()))
                .as("no end: not at all").isEmpty();
    }
}
