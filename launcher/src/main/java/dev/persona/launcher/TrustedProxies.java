package dev.persona.launcher;

import io.netty.handler.ipfilter.IpFilterRuleType;
import io.netty.handler.ipfilter.IpSubnetFilterRule;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The networks ({@code persona.gateway.trusted-proxies}) whose X-Forwarded-For header the gateway believes: only a
 * proxy in front of the gateway (a load balancer, an ingress) belongs here, never a client network.
 */
final class TrustedProxies {
    static final String NONE = "none";

    private final List<IpSubnetFilterRule> networks;

    private TrustedProxies(List<IpSubnetFilterRule> networks) {
        this.networks = List.copyOf(networks);
    }

    /** Comma-separated CIDRs ({@code 10.0.0.0/8}, {@code fd00::/8}) or bare addresses; {@code none} trusts nobody. */
    static TrustedProxies parse(String list) {
        List<IpSubnetFilterRule> networks = new ArrayList<>();
        for (String raw : list.split(",")) {
            String entry = raw.trim();
            if (!entry.isEmpty() && !entry.equalsIgnoreCase(NONE)) {
                networks.add(network(entry));
            }
        }
        return new TrustedProxies(networks);
    }

    boolean contains(InetAddress address) {
        if (address == null) {
            return false;
        }
        InetSocketAddress socket = new InetSocketAddress(address, 0);
        return networks.stream().anyMatch(n -> n.matches(socket));
    }

    boolean isEmpty() {
        return networks.isEmpty();
    }

    private static IpSubnetFilterRule network(String entry) {
        int slash = entry.indexOf('/');
        // Literals only: a host name here would be a DNS lookup and a trust decision left to whoever answers it.
        InetAddress base = ClientAddress.parseLiteral(slash < 0 ? entry : entry.substring(0, slash));
        if (base == null) {
            throw invalid(entry);
        }
        int maxPrefix = base instanceof Inet4Address ? 32 : 128;
        int prefix;
        try {
            prefix = slash < 0 ? maxPrefix : Integer.parseInt(entry.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw invalid(entry);
        }
        if (prefix < 0 || prefix > maxPrefix) {
            throw invalid(entry);
        }
        return new IpSubnetFilterRule(base, prefix, IpFilterRuleType.ACCEPT);
    }

    private static IllegalArgumentException invalid(String entry) {
        return new IllegalArgumentException(GatewayConfig.PREFIX + "trusted-proxies: '" + entry
                + "' is not an IP address or CIDR (like 10.0.0.0/8 or fd00::/8), nor 'none'.");
    }
}
