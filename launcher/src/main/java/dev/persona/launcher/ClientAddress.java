package dev.persona.launcher;

import io.netty.util.NetUtil;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/**
 * Who a request came from. The direct peer, unless that peer is a trusted proxy: then X-Forwarded-For is walked right
 * to left for as long as the hop that handed the request on is itself trusted. Everything left of the first untrusted
 * hop was written by the client and is whatever the client wants it to be. Same rule as auth-service's
 * ClientAddress, so both count the same client.
 *
 * @param address the client, null when the peer is unknown
 * @param viaTrustedProxy whether the direct peer is a trusted proxy (the connection carries many clients)
 */
record ClientAddress(InetAddress address, boolean viaTrustedProxy) {
    static final String UNKNOWN = "unknown";
    /** Longer than any IPv6 literal with brackets, port and a short zone. */
    private static final int MAX_LITERAL = 64;

    static ClientAddress resolve(TrustedProxies trusted, String peer, List<String> forwardedFor) {
        InetAddress client = peer == null ? null : parseLiteral(peer);
        if (!trusted.contains(client)) {
            return new ClientAddress(client, false);
        }
        List<String> hops = forwardedFor.stream().flatMap(h -> Arrays.stream(h.split(","))).toList();
        for (int i = hops.size() - 1; i >= 0 && trusted.contains(client); i--) {
            InetAddress hop = parseLiteral(hops.get(i));
            if (hop == null) {
                // A trusted proxy would have written an address here; nothing further left can be believed.
                break;
            }
            client = hop;
        }
        return new ClientAddress(client, true);
    }

    /** The address as forwarded to the services in X-Forwarded-For. */
    String forwarded() {
        return address == null ? UNKNOWN : address.getHostAddress();
    }

    /**
     * The key the per-client limits count under. IPv4 addresses count one by one; IPv6 ones by their /64, the block
     * one subscriber gets, since hopping between the 2^64 addresses inside it costs nothing.
     */
    String key() {
        if (address == null) {
            return UNKNOWN;
        }
        if (address instanceof Inet6Address) {
            byte[] bytes = address.getAddress();
            Arrays.fill(bytes, 8, 16, (byte) 0);
            try {
                return InetAddress.getByAddress(bytes).getHostAddress() + "/64";
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e); // 16 bytes are always an IPv6 address
            }
        }
        return address.getHostAddress();
    }

    /**
     * {@code 192.0.2.1}, {@code 192.0.2.1:443}, {@code 2001:db8::1}, {@code [2001:db8::1]:443}, {@code fe80::1%eth0};
     * null for anything else (host names, {@code unknown}, obfuscated identifiers, garbage). Never asks DNS.
     */
    static InetAddress parseLiteral(String text) {
        String s = text.trim();
        if (s.isEmpty() || s.length() > MAX_LITERAL) {
            return null;
        }
        if (s.startsWith("[")) {
            int end = s.indexOf(']');
            if (end < 0) {
                return null;
            }
            s = s.substring(1, end);
        } else if (s.indexOf(':') > 0 && s.indexOf(':') == s.lastIndexOf(':')) {
            s = s.substring(0, s.indexOf(':'));
        }
        int zone = s.indexOf('%');
        if (zone >= 0) {
            s = s.substring(0, zone);
        }
        return NetUtil.createInetAddressFromIpAddressString(s);
    }
}
