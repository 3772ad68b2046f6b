package dev.dispositions.gateway.mapping;

import dev.dispositions.gateway.config.GatewayProperties;
import dev.dispositions.gateway.config.Secret;
import java.time.Duration;
import java.util.Map;

/** A catalog of the packaged mapping files (or an override folder), without Spring. */
public final class MappingCatalogs {
    private MappingCatalogs() {
    }

    public static MappingCatalog packaged() {
        return withOverrides(null);
    }

    public static MappingCatalog withOverrides(String dir) {
        return new MappingCatalog(properties(dir));
    }

    /** The gateway's settings at their defaults (throttle-wait 60 s, max-retry-after 1 h), with this mappings folder. */
    public static GatewayProperties properties(String dir) {
        return new GatewayProperties(new GatewayProperties.Admin(Secret.of("k")), null, null,
                new GatewayProperties.Ingest(262144, java.time.Duration.ofMinutes(10), java.time.Duration.ofSeconds(10), org.springframework.util.unit.DataSize.ofMegabytes(64), new GatewayProperties.GroupCommitSettings(256, Duration.ofMillis(5), Duration.ofSeconds(30), 1)), new GatewayProperties.Mappings(dir),
                new GatewayProperties.Dispatch(true, Duration.ofMillis(500), 50, Duration.ofMillis(250), Duration.ofMinutes(2), 4, null,
                        new GatewayProperties.Retry(Duration.ofSeconds(10), Duration.ofHours(6), 20, Duration.ofHours(1),
                                Duration.ofSeconds(60), Duration.ofMinutes(5)),
                        new GatewayProperties.Breaker(true, 50, 20, 10, Duration.ofSeconds(30), 3)),
                new GatewayProperties.Retention(true, Duration.ofDays(30), Duration.ofDays(90), Duration.ofMinutes(1), 500), Map.of());
    }
}
