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
        return new MappingCatalog(new GatewayProperties(new GatewayProperties.Admin(Secret.of("k")), null, null,
                new GatewayProperties.Ingest(262144, java.time.Duration.ofMinutes(10), java.time.Duration.ofSeconds(10), org.springframework.util.unit.DataSize.ofMegabytes(64)), new GatewayProperties.Mappings(dir),
                new GatewayProperties.Dispatch(true, Duration.ofMillis(500), 50, Duration.ofMillis(250), Duration.ofMinutes(2),
                        new GatewayProperties.Retry(Duration.ofSeconds(10), Duration.ofHours(6), 20, Duration.ofHours(1),
                                Duration.ofSeconds(60), Duration.ofMinutes(5)),
                        new GatewayProperties.Breaker(true, 50, 20, 10, Duration.ofSeconds(30), 3)),
                Map.of()));
    }
}
