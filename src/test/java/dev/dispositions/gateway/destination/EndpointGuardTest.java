package dev.dispositions.gateway.destination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** No webhook destination reaches the gateway's own network: each kind of address refused, public ones and allowed ranges let through. */
class EndpointGuardTest {
    /** DNS as a test wants it: each name answers the addresses given. */
    private static EndpointGuard.Resolver dns(Map<String, String> answers) {
        return host -> {
            if (!answers.containsKey(host)) {
                throw new UnknownHostException(host);
            }
            String[] ips = answers.get(host).split(",");
            InetAddress[] out = new InetAddress[ips.length];
            for (int i = 0; i < ips.length; i++) {
                out[i] = InetAddress.getByName(ips[i]); // literals: no lookup
            }
            return out;
        };
    }

    private static final Map<String, String> ANSWERS = Map.ofEntries(
            Map.entry("hooks.example.com", "93.184.215.14"),
            Map.entry("v6.example.com", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"),
            Map.entry("localhost", "127.0.0.1"),
            Map.entry("metadata.internal", "169.254.169.254"),
            Map.entry("intranet.example.com", "10.20.3.4"),
            Map.entry("office.example.com", "192.168.1.10"),
            Map.entry("docker.example.com", "172.17.0.2"),
            Map.entry("cgnat.example.com", "100.64.1.1"),
            Map.entry("zero.example.com", "0.0.0.0"),
            Map.entry("ula.example.com", "fd00::1"),
            Map.entry("mapped.example.com", "::ffff:127.0.0.1"),
            Map.entry("v6-loopback.example.com", "::1"),
            Map.entry("rebind.example.com", "93.184.215.14,127.0.0.1"));

    @Test
    void publicHttpsEndpointsPass() {
        EndpointGuard guard = new EndpointGuard(List.of(), dns(ANSWERS));
        assertThat(guard.check(URI.create("https://hooks.example.com/dispositions"))).hasSize(1);
        assertThat(guard.check(URI.create("https://v6.example.com:8443/in"))).hasSize(1);
    }

    @Test
    void everyNonPublicAddressIsRefusedNamingItsKind() {
        EndpointGuard guard = new EndpointGuard(List.of(), dns(ANSWERS));
        Map<String, String> refused = Map.of(
                "localhost", "loopback", "metadata.internal", "link-local", "intranet.example.com", "private",
                "office.example.com", "private", "docker.example.com", "private", "cgnat.example.com", "special-purpose",
                "zero.example.com", "unspecified", "ula.example.com", "private", "mapped.example.com", "loopback",
                "v6-loopback.example.com", "loopback");
        refused.forEach((host, kind) -> assertThatThrownBy(() -> guard.check(URI.create("https://" + host + "/x")))
                .as(host).isInstanceOf(EndpointGuard.Refused.class).hasMessageContaining(kind));
        assertThatThrownBy(() -> guard.check(URI.create("https://rebind.example.com/x"))).as("one bad address among good ones")
                .hasMessageContaining("127.0.0.1");
        assertThatThrownBy(() -> guard.check(URI.create("https://nowhere.example.com/x"))).hasMessageContaining("does not resolve");
    }

    @Test
    void onlyHttpsWithoutCredentialsUnlessAnOperatorAllowsTheRange() {
        EndpointGuard guard = new EndpointGuard(List.of(), dns(ANSWERS));
        assertThatThrownBy(() -> guard.check(URI.create("http://hooks.example.com/x"))).hasMessageContaining("https://");
        assertThatThrownBy(() -> guard.check(URI.create("ftp://hooks.example.com/x"))).hasMessageContaining("ftp");
        assertThatThrownBy(() -> guard.check(URI.create("https://user:pw@hooks.example.com/x"))).hasMessageContaining("password");
        assertThatThrownBy(() -> guard.check(URI.create("/relative"))).hasMessageContaining("absolute");

        EndpointGuard operators = new EndpointGuard(List.of("10.20.0.0/16"), dns(ANSWERS));
        assertThat(operators.check(URI.create("http://intranet.example.com/hooks"))).hasSize(1);
        assertThatThrownBy(() -> operators.check(URI.create("https://office.example.com/x"))).hasMessageContaining("private");
        assertThatThrownBy(() -> new EndpointGuard(List.of("not-a-range"), dns(ANSWERS))).hasMessageContaining("not an address range");
    }
}
