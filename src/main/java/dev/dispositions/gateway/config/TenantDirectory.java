package dev.dispositions.gateway.config;

import dev.dispositions.gateway.config.GatewayProperties.DialerSettings;
import jakarta.annotation.PostConstruct;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The tenants the gateway serves: those declared in configuration ({@code gateway.tenants}, checked once at start-up)
 * and those made through the admin API ({@link StoredTenants}), read again every {@code gateway.tenant-refresh} so a
 * change made on any replica takes effect on every one within seconds. One source per tenant: an id in both is a
 * start-up error.
 */
@Component
public class TenantDirectory {
    public static final String DEFAULT_TENANT = "default";
    /** Tenant ids become Camel component names and URL segments, so they stay plain. */
    public static final Pattern TENANT_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Logger log = LoggerFactory.getLogger(TenantDirectory.class);

    private final Map<String, GatewayProperties.Tenant> configured;
    private final ObjectProvider<StoredTenants> stored;
    private final ObjectProvider<StoredDestinations> storedDestinations;
    /** By tenant, by connector id ({@code webhook:<id>}). */
    private volatile Map<String, Map<String, Destination>> destinations = Map.of();
    private volatile Map<String, StoredTenants.Stored> fromApi = Map.of();
    private volatile Map<String, GatewayProperties.Tenant> serving;
    /** API-made tenants that are disabled: their webhooks are refused, what they had accepted is still delivered. */
    private volatile java.util.Set<String> disabled = java.util.Set.of();

    public TenantDirectory(GatewayProperties properties, org.springframework.core.env.Environment environment,
                           ObjectProvider<StoredTenants> stored, ObjectProvider<StoredDestinations> storedDestinations) {
        this.stored = stored;
        this.storedDestinations = storedDestinations;
        Map<String, GatewayProperties.Tenant> tenants = new TreeMap<>();
        properties.tenants().forEach((id, tenant) -> tenants.put(id, withLabelsAsWritten(id, tenant, environment)));
        tenants.keySet().forEach(id -> {
            if (!TENANT_ID.matcher(id).matches()) {
                throw new IllegalStateException("gateway.tenants." + id
                        + ": a tenant id is lowercase letters, digits and '-', starting with a letter or digit");
            }
        });
        this.configured = Collections.unmodifiableMap(tenants);
        this.serving = configured;
    }

    /** The tenant with each dialer's labels as the configuration wrote them (see {@link TenantLabels}). */
    private static GatewayProperties.Tenant withLabelsAsWritten(String id, GatewayProperties.Tenant tenant,
                                                               org.springframework.core.env.Environment environment) {
        Map<String, DialerSettings> dialers = new TreeMap<>();
        tenant.dialers().forEach((dialer, d) -> dialers.put(dialer, new DialerSettings(d.enabled(), d.secret(),
                TenantLabels.asWritten(environment, id, dialer, d.labels()), d.defaultRegion(), d.possibleOptOut(), d.previousSecret(),
                d.previousSecretUntil())));
        return new GatewayProperties.Tenant(dialers, tenant.crms());
    }

    @PostConstruct
    void firstLoad() {
        StoredTenants source = stored.getIfAvailable();
        if (source == null) {
            return;
        }
        List<String> both = source.load().keySet().stream().filter(configured::containsKey).toList();
        if (!both.isEmpty()) {
            throw new IllegalStateException("tenants " + both + " are both in gateway.tenants and made through the admin API: keep each "
                    + "in one place (to move one to the API, remove it from the configuration; its data is keyed by its id and stays)");
        }
        refresh();
    }

    /** Reads the API's tenants again; called on a schedule, and at once after a change made here. */
    @Scheduled(fixedDelayString = "${gateway.tenant-refresh:2s}", initialDelayString = "${gateway.tenant-refresh:2s}")
    public synchronized void refresh() {
        loadDestinations();
        StoredTenants source = stored.getIfAvailable();
        if (source == null) {
            return;
        }
        try {
            Map<String, StoredTenants.Stored> loaded = source.load();
            Map<String, GatewayProperties.Tenant> all = new TreeMap<>(configured);
            java.util.Set<String> off = new java.util.TreeSet<>();
            loaded.forEach((id, t) -> {
                if (!configured.containsKey(id)) {
                    all.put(id, t.tenant());
                    if (!t.enabled()) {
                        off.add(id);
                    }
                }
            });
            fromApi = loaded;
            disabled = java.util.Set.copyOf(off);
            serving = Collections.unmodifiableMap(all);
        } catch (RuntimeException e) {
            // The tenants served stay as they were: a database hiccup must not drop every API-made tenant.
            log.warn("could not read the tenants made through the admin API: {}", e.toString());
        }
    }

    private void loadDestinations() {
        StoredDestinations source = storedDestinations.getIfAvailable();
        if (source == null) {
            return;
        }
        try {
            Map<String, Map<String, Destination>> all = new TreeMap<>();
            source.load().forEach(d -> all.computeIfAbsent(d.tenant(), t -> new TreeMap<>()).put(d.connectorId(), d));
            destinations = Collections.unmodifiableMap(all);
        } catch (RuntimeException e) {
            log.warn("could not read the tenants' webhook destinations: {}", e.toString());
        }
    }

    /** The tenant's destination behind a connector id ({@code webhook:<id>}), enabled or not. */
    public Optional<Destination> destination(String tenant, String connectorId) {
        return Optional.ofNullable(destinations.getOrDefault(tenant, Map.of()).get(connectorId));
    }

    /** The tenant's destination by its own id (whatever its type), enabled or not. */
    public Optional<Destination> destinationById(String tenant, String id) {
        return destinations.getOrDefault(tenant, Map.of()).values().stream().filter(d -> d.id().equals(id)).findFirst();
    }

    /** {@code configuration}, {@code api}, or empty for an unknown tenant (a disabled API tenant is still {@code api}). */
    public Optional<String> source(String tenant) {
        return configured.containsKey(tenant) ? Optional.of("configuration") : fromApi.containsKey(tenant) ? Optional.of("api") : Optional.empty();
    }

    /** Whether the tenant is known (an API-made tenant that is disabled still is: its deliveries go on). */
    public boolean exists(String tenant) {
        return serving.containsKey(tenant);
    }

    /** Whether the tenant takes webhooks now: known, and not disabled. */
    public boolean accepts(String tenant) {
        return serving.containsKey(tenant) && !disabled.contains(tenant);
    }

    public Optional<DialerSettings> dialer(String tenant, String dialer) {
        GatewayProperties.Tenant t = serving.get(tenant);
        if (t == null || disabled.contains(tenant)) {
            return Optional.empty();
        }
        return Optional.ofNullable(t.dialers().get(dialer)).filter(DialerSettings::enabled);
    }

    /**
     * Every secret the tenant's connection to the dialer has or had (current and rotated-out, expired or not, the
     * connection enabled or not): what a stored raw payload is masked with.
     */
    public List<String> secretsToMask(String tenant, String dialer) {
        GatewayProperties.Tenant t = serving.get(tenant);
        DialerSettings d = t == null ? null : t.dialers().get(dialer);
        if (d == null) {
            return List.of();
        }
        return java.util.stream.Stream.of(d.secret(), d.previousSecret()).filter(java.util.Objects::nonNull).map(Secret::reveal).toList();
    }

    /** The connectors this tenant has enabled, in a stable order: its CRMs, then its destinations ({@code webhook:<id>}). */
    public List<String> enabledCrms(String tenant) {
        GatewayProperties.Tenant t = serving.get(tenant);
        if (t == null) {
            return List.of();
        }
        List<String> out = new java.util.ArrayList<>(t.crms().keySet().stream().filter(t::crmEnabled).sorted().toList());
        destinations.getOrDefault(tenant, Map.of()).values().stream().filter(Destination::enabled).map(Destination::connectorId).forEach(out::add);
        return List.copyOf(out);
    }

    /** Every tenant known now: the configuration's and the API's (disabled ones too: what they accepted is delivered). */
    public Map<String, GatewayProperties.Tenant> all() {
        return serving;
    }

    /** The tenants declared in configuration, which the API cannot change. */
    public Map<String, GatewayProperties.Tenant> configured() {
        return configured;
    }
}
