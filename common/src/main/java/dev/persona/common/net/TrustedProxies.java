package dev.persona.common.net;

import io.netty.handler.ipfilter.IpFilterRuleType;
import io.netty.handler.ipfilter.IpSubnetFilterRule;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The networks whose X-Forwarded-For header is believed: only proxies in front of the system (the gateway, a load
 * balancer, an ingress) belong here, never a client network. The gateway and auth-service read the same rule.
 */
public final class TrustedProxies {
    public static final String NONE = "none";

    private final List<IpSubnetFilterRule> networks;

    private TrustedProxies(List<IpSubnetFilterRule> networks) {
        this.networks = List.copyOf(networks);
    }

    /**
     * CIDRs ({@code 10.0.0.0/8}, {@code fd00::/8}) or bare addresses; {@code none} trusts nobody. {@code setting}
     * names the configuration key in the error a bad entry raises.
     */
    public static TrustedProxies parse(Collection<String> entries, String setting) {
        List<IpSubnetFilterRule> networks = new ArrayList<>();
        for (String raw : entries) {
            String entry = raw.trim();
            if (!entry.isEmpty() && !entry.equalsIgnoreCase(NONE)) {
                networks.add(network(entry, setting));
            }
        }
        return new TrustedProxies(networks);
    }

    public boolean contains(InetAddress address) {
        if (address == null) {
            return false;
        }
        InetSocketAddress socket = new InetSocketAddress(address, 0);
        return networks.stream().anyMatch(n -> n.matches(socket));
    }

    public boolean isEmpty() {
        return networks.isEmpty();
    }

    private static IpSubnetFilterRule network(String entry, String setting) {
        int slash = entry.indexOf('/');
        // Literals only: a host name here would be a DNS lookup and a trust decision left to whoever answers it.
        InetAddress base = IpLiterals.parse(slash < 0 ? entry : entry.substring(0, slash));
        if (base == null) {
            throw invalid(entry, setting);
        }
        int maxPrefix = base instanceof Inet4Address ? 32 : 128;
        int prefix;
        try {
            prefix = slash < 0 ? maxPrefix : Integer.parseInt(entry.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw invalid(entry, setting);
        }
        if (prefix < 0 || prefix > maxPrefix) {
            throw invalid(entry, setting);
        }
        return new IpSubnetFilterRule(base, prefix, IpFilterRuleType.ACCEPT);
    }

    private static IllegalArgumentException invalid(String entry, String setting) {
        return new IllegalArgumentException(setting + ": '" + entry
                + "' is not an IP address or CIDR (like 10.0.0.0/8 or fd00::/8), nor 'none'.");
    }
}
