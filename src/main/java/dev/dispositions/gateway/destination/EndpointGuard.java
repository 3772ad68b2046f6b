package dev.dispositions.gateway.destination;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where a webhook destination may send, so a tenant's endpoint URL cannot reach the gateway's own network (SSRF):
 * HTTPS only, and every address its host resolves to is public: not loopback, private, link-local (the cloud
 * metadata service at 169.254.169.254 among them), unique-local, multicast, or another special-purpose block, unless
 * an operator allows a range. Checked when an endpoint is saved and again before each connection, since DNS can
 * answer differently the second time (rebinding); the connection then goes to an address this check passed.
 */
public final class EndpointGuard {
    /** Special-purpose blocks that are not caught by the address's own kind (RFC 6890 and its successors). */
    private static final List<IPAddress> SPECIAL = List.of(
            "0.0.0.0/8", "100.64.0.0/10", "192.0.0.0/24", "192.0.2.0/24", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24",
            "240.0.0.0/4", "255.255.255.255/32", "::/96", "::ffff:0:0:0/96", "64:ff9b::/96", "64:ff9b:1::/48", "100::/64", "2001::/32",
            "2001:db8::/32", "2002::/16", "fc00::/7")
            .stream().map(EndpointGuard::range).toList();

    /** How a host's addresses are found: the system resolver, or a stand-in in tests. */
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** The URL may not be used: why, in words for the admin who typed it. */
    public static final class Refused extends RuntimeException {
        private final boolean unresolved;

        Refused(String message) {
            this(message, false);
        }

        Refused(String message, boolean unresolved) {
            super(message, null, false, false);
            this.unresolved = unresolved;
        }

        /** The host did not resolve: DNS may answer later, unlike an address that is not allowed. */
        public boolean unresolved() {
            return unresolved;
        }
    }

    private final List<IPAddress> allowed;
    private final Resolver resolver;

    /** @param allowedRanges CIDR ranges an operator lets destinations reach anyway ({@code 10.20.0.0/16}); HTTP is allowed there too */
    public EndpointGuard(List<String> allowedRanges, Resolver resolver) {
        this.allowed = allowedRanges.stream().map(EndpointGuard::range).toList();
        this.resolver = resolver;
    }

    public static EndpointGuard withSystemDns(List<String> allowedRanges) {
        return new EndpointGuard(allowedRanges, InetAddress::getAllByName);
    }

    /**
     * @return the addresses the URL's host resolves to, all of them allowed: connect to one of these
     * @throws Refused naming the reason
     */
    public List<InetAddress> check(URI url) {
        if (url == null || url.getHost() == null || !url.isAbsolute()) {
            throw new Refused("the endpoint is an absolute https:// URL with a host");
        }
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new Refused("the endpoint is an https:// URL, not " + scheme + ":");
        }
        if (url.getRawUserInfo() != null) {
            throw new Refused("the endpoint URL carries no user name or password: put credentials in the signature's secret");
        }
        List<InetAddress> addresses = checkHost(url.getHost());
        if (scheme.equals("http") && !addresses.stream().allMatch(a -> allowed.stream().anyMatch(r -> r.contains(plain(a))))) {
            throw new Refused("the endpoint is an https:// URL (plain http only inside a range an operator allows)");
        }
        return addresses;
    }

    /**
     * What the connection may use: every address the host resolves to, each public or in a range an operator allows.
     * Asked again as the connection is made (DNS may answer otherwise than when the endpoint was checked).
     *
     * @throws Refused naming the address refused, or that the host does not resolve
     */
    public List<InetAddress> checkHost(String host) {
        InetAddress[] found;
        try {
            found = resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw new Refused("the endpoint's host '" + host + "' does not resolve", true);
        }
        List<InetAddress> addresses = new ArrayList<>();
        for (InetAddress a : found) {
            IPAddress plain = plain(a);
            boolean operatorAllowed = allowed.stream().anyMatch(r -> r.contains(plain));
            String kind = kind(plain);
            if (kind != null && !operatorAllowed) {
                throw new Refused("the endpoint's host '" + host + "' resolves to " + plain + ", a " + kind
                        + " address: destinations reach public addresses only, unless an operator allows the range "
                        + "(gateway.destinations.allowed-ranges)");
            }
            addresses.add(a);
        }
        return addresses;
    }

    /** An IPv4 address written as IPv6 (::ffff:a.b.c.d) is judged as the IPv4 address it is. */
    private static IPAddress plain(InetAddress a) {
        IPAddress ip = new IPAddressString(a.getHostAddress()).getAddress();
        return ip.isIPv6() && ip.toIPv6().isIPv4Mapped() ? ip.toIPv6().getEmbeddedIPv4Address() : ip;
    }

    /** What kind of non-public address this is; null for a public one. */
    private static String kind(IPAddress ip) {
        if (ip.isLoopback()) {
            return "loopback";
        }
        if (ip.isLinkLocal()) {
            return "link-local (the cloud metadata service lives there)";
        }
        if (ip.isAnyLocal() || ip.isUnspecified()) {
            return "unspecified";
        }
        if (ip.isMulticast()) {
            return "multicast";
        }
        if (ip.isLocal()) {
            return "private";
        }
        return SPECIAL.stream().anyMatch(r -> r.contains(ip)) ? "special-purpose" : null;
    }

    private static IPAddress range(String cidr) {
        IPAddress r = new IPAddressString(cidr).getAddress();
        if (r == null) {
            throw new IllegalStateException("'" + cidr + "' is not an address range (CIDR, e.g. 10.20.0.0/16 or fd00::/8)");
        }
        return r.toPrefixBlock();
    }
}
