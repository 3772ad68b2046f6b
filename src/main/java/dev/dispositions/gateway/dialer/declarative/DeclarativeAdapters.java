package dev.dispositions.gateway.dialer.declarative;

import dev.dispositions.gateway.dialer.DialerAdapter;
import dev.dispositions.gateway.dialer.DialerAdapterSource;
import dev.dispositions.gateway.mapping.MappingCatalog;
import java.time.Clock;
import java.util.List;
import org.springframework.stereotype.Component;

/** One adapter for every dialer file that defines its dialer by itself (it has a {@code request} section). */
@Component
public class DeclarativeAdapters implements DialerAdapterSource {
    private final MappingCatalog mappings;
    private final Clock clock;

    public DeclarativeAdapters(MappingCatalog mappings, Clock clock) {
        this.mappings = mappings;
        this.clock = clock;
    }

    @Override
    public List<DialerAdapter> adapters() {
        return mappings.dialers().values().stream()
                .filter(m -> m.isDeclarative())
                .<DialerAdapter>map(m -> new DeclarativeAdapter(m, clock))
                .toList();
    }
}
