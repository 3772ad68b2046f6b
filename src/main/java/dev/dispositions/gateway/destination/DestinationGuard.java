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

    public DestinationGuard(@Value("${gateway.destinations.allowed-ranges:}") List<String> allowedRanges) {
        this.guard = EndpointGuard.withSystemDns(allowedRanges.stream().map(String::trim).filter(r -> !r.isEmpty()).toList());
    }

    /** @throws EndpointGuard.Refused naming why the URL may not be used */
    public List<InetAddress> check(URI url) {
        return guard.check(url);
    }
}
