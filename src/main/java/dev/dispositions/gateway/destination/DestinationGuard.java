package dev.dispositions.gateway.destination;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** The {@link EndpointGuard} with the operator's allowed ranges ({@code gateway.destinations.allowed-ranges}). */
@Component
public class DestinationGuard {
    private final EndpointGuard guard;

    @org.springframework.beans.factory.annotation.Autowired
    public DestinationGuard(@Value("${gateway.destinations.allowed-ranges:}") List<String> allowedRanges) {
        this(EndpointGuard.withSystemDns(allowedRanges.stream().map(String::trim).filter(r -> !r.isEmpty()).toList()));
    }

    public DestinationGuard(EndpointGuard guard) {
        this.guard = guard;
    }

    /** @throws EndpointGuard.Refused naming why the URL may not be used */
    public List<InetAddress> check(URI url) {
        return guard.check(url);
    }

    /** @throws EndpointGuard.Refused when the host resolves to an address a destination may not reach */
    public List<InetAddress> checkHost(String host) {
        return guard.checkHost(host);
    }
}
