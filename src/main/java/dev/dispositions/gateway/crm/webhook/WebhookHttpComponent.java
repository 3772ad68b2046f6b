package dev.dispositions.gateway.crm.webhook;

import dev.dispositions.gateway.destination.DestinationGuard;
import dev.dispositions.gateway.destination.EndpointGuard;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.apache.camel.component.http.HttpComponent;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.impl.DefaultSchemePortResolver;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.io.HttpClientConnectionManager;
import org.apache.hc.client5.http.socket.ConnectionSocketFactory;
import org.apache.hc.core5.http.config.Registry;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.pool.PoolReusePolicy;
import org.apache.hc.core5.util.TimeValue;
import org.springframework.stereotype.Component;

/**
 * camel-http for webhook destinations only ({@value #NAME}{@code :https://…}): its connections resolve the endpoint's
 * host through the {@link DestinationGuard}, so an address that became private since the endpoint was checked (DNS
 * rebinding) is refused as the connection is made, not just before. The CRMs keep the plain {@code http} component.
 */
@Component(WebhookHttpComponent.NAME)
class WebhookHttpComponent extends HttpComponent {
    static final String NAME = "webhookhttp";

    private final DnsResolver dns;

    WebhookHttpComponent(DestinationGuard guard) {
        this.dns = new GuardedDns(guard);
    }

    @Override
    protected HttpClientConnectionManager createConnectionManager(Registry<ConnectionSocketFactory> registry, int maxTotalConnections,
                                                                  int connectionsPerRoute, SocketConfig defaultSocketConfig) {
        PoolingHttpClientConnectionManager manager = new PoolingHttpClientConnectionManager(registry, PoolConcurrencyPolicy.STRICT,
                PoolReusePolicy.LIFO, TimeValue.ofMilliseconds(getConnectionTimeToLive()), DefaultSchemePortResolver.INSTANCE, dns, null);
        int total = maxTotalConnections > 0 ? maxTotalConnections : getMaxTotalConnections();
        if (total > 0) {
            manager.setMaxTotal(total);
        }
        int perRoute = connectionsPerRoute > 0 ? connectionsPerRoute : getConnectionsPerRoute();
        if (perRoute > 0) {
            manager.setDefaultMaxPerRoute(perRoute);
        }
        manager.setDefaultSocketConfig(defaultSocketConfig);
        return manager;
    }

    /** The system's DNS, each answer checked: a refused address fails the connection as if the name did not resolve. */
    static final class GuardedDns implements DnsResolver {
        private final DestinationGuard guard;

        GuardedDns(DestinationGuard guard) {
            this.guard = guard;
        }

        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            try {
                return guard.checkHost(host).toArray(InetAddress[]::new);
            } catch (EndpointGuard.Refused refused) {
                throw new UnknownHostException("refused as the connection was made: " + refused.getMessage());
            }
        }

        @Override
        public String resolveCanonicalHostname(String host) throws UnknownHostException {
            return SystemDefaultDnsResolver.INSTANCE.resolveCanonicalHostname(host);
        }
    }
}
