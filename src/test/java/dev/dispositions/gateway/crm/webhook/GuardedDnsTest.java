package dev.dispositions.gateway.crm.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dispositions.gateway.destination.DestinationGuard;
import dev.dispositions.gateway.destination.EndpointGuard;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * DNS rebinding: a host that resolved to a public address when the endpoint was checked, and to a private one when
 * the connection is made, is refused at the connection.
 */
class GuardedDnsTest {

    @Test
    void aHostThatTurnsPrivateAfterItsCheckIsRefusedAsTheConnectionIsMade() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        EndpointGuard.Resolver rebinding = host -> new InetAddress[] {InetAddress.getByAddress(host,
                asked.getAndIncrement() == 0 ? new byte[] {93, (byte) 184, (byte) 216, 34} : new byte[] {10, 0, 0, 5})};
        DestinationGuard guard = new DestinationGuard(new EndpointGuard(List.of(), rebinding));

        assertThat(guard.check(URI.create("https://hooks.example.com/in"))).as("public when checked").hasSize(1);
        var dns = new WebhookHttpComponent.GuardedDns(guard);
        assertThatThrownBy(() -> dns.resolve("hooks.example.com")).isInstanceOf(UnknownHostException.class)
                .hasMessageContaining("10.0.0.5").hasMessageContaining("private");
    }

    @Test
    void aHostThatStaysPublicConnectsToWhatItResolvesTo() throws Exception {
        byte[] at = {93, (byte) 184, (byte) 216, 34};
        DestinationGuard guard = new DestinationGuard(new EndpointGuard(List.of(), host -> new InetAddress[] {InetAddress.getByAddress(host, at)}));
        assertThat(new WebhookHttpComponent.GuardedDns(guard).resolve("hooks.example.com"))
                .extracting(InetAddress::getHostAddress).containsExactly("93.184.216.34");
    }
}
