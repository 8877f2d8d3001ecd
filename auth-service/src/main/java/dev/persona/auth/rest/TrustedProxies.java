package dev.persona.auth.rest;

import io.netty.handler.ipfilter.IpFilterRuleType;
import io.netty.handler.ipfilter.IpSubnetFilterRule;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/** The networks ({@code persona.auth.trusted-proxies}) whose X-Forwarded-For header is believed. */
final class TrustedProxies {
    static final String NONE = "none";

    private final List<IpSubnetFilterRule> networks;

    private TrustedProxies(List<IpSubnetFilterRule> networks) {
        this.networks = List.copyOf(networks);
    }

    /** Parses CIDRs ({@code 10.0.0.0/8}, {@code fd00::/8}) or bare addresses; {@code none} trusts nobody. */
    static TrustedProxies parse(List<String> entries) {
        List<IpSubnetFilterRule> networks = new ArrayList<>();
        for (String raw : entries) {
            String entry = raw.trim();
            if (entry.isEmpty() || entry.equalsIgnoreCase(NONE)) {
                continue;
            }
            networks.add(network(entry));
        }
        return new TrustedProxies(networks);
    }

    boolean contains(InetAddress address) {
        InetSocketAddress socket = new InetSocketAddress(address, 0);
        return networks.stream().anyMatch(n -> n.matches(socket));
    }

    private static IpSubnetFilterRule network(String entry) {
        int slash = entry.indexOf('/');
        // Literals only: a host name here would be a DNS lookup and a trust decision left to whoever answers it.
        InetAddress base = IpLiterals.parse(slash < 0 ? entry : entry.substring(0, slash));
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
        return new IllegalArgumentException("persona.auth.trusted-proxies: '" + entry
                + "' is not an IP address or CIDR (like 10.0.0.0/8 or fd00::/8), nor 'none'.");
    }
}
