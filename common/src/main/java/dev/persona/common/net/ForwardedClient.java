package dev.persona.common.net;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/**
 * Who a request came from: the direct peer, unless that peer is a trusted proxy; then X-Forwarded-For is walked right
 * to left for as long as the hop that handed the request on is itself trusted. Everything left of the first untrusted
 * hop was written by the client and is whatever the client wants it to be. The gateway and auth-service both use
 * this, so both count the same client.
 *
 * @param address the client, null when the peer is unknown
 * @param viaTrustedProxy whether the direct peer is a trusted proxy (the connection carries many clients)
 */
public record ForwardedClient(InetAddress address, boolean viaTrustedProxy) {
    public static final String HEADER = "X-Forwarded-For";
    public static final String UNKNOWN = "unknown";

    /** {@code forwardedFor} is every X-Forwarded-For header in arrival order; {@code peer} null when unknown. */
    public static ForwardedClient resolve(TrustedProxies trusted, String peer, List<String> forwardedFor) {
        InetAddress client = peer == null ? null : IpLiterals.parse(peer);
        if (!trusted.contains(client)) {
            return new ForwardedClient(client, false);
        }
        List<String> hops = forwardedFor.stream().flatMap(h -> Arrays.stream(h.split(","))).toList();
        for (int i = hops.size() - 1; i >= 0 && trusted.contains(client); i--) {
            InetAddress hop = IpLiterals.parse(hops.get(i));
            if (hop == null) {
                // A trusted proxy would have written an address here; nothing further left can be believed.
                break;
            }
            client = hop;
        }
        return new ForwardedClient(client, true);
    }

    /** The address as forwarded on in X-Forwarded-For. */
    public String forwarded() {
        return address == null ? UNKNOWN : address.getHostAddress();
    }

    /**
     * The key per-client limits count under. IPv4 addresses count one by one; IPv6 ones by their /64, the block one
     * subscriber gets, since hopping between the 2^64 addresses inside it costs nothing.
     */
    public String key() {
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
}
