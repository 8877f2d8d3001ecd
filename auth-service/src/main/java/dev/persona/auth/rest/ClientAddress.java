package dev.persona.auth.rest;

import dev.persona.auth.config.AuthConfig;
import io.quarkus.runtime.Startup;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/**
 * Who a request came from, as the key the rate limits count under. X-Forwarded-For is believed only when the direct
 * peer is a configured trusted proxy, and then only up to the right-most hop that is not itself a trusted proxy:
 * everything left of that hop was written by the client and is whatever the client wants it to be.
 */
@Singleton
@Startup // a bad persona.auth.trusted-proxies fails the start, not the first request
public class ClientAddress {
    static final String HEADER = "X-Forwarded-For";
    static final String UNKNOWN = "unknown";

    private final TrustedProxies trusted;

    @Inject
    ClientAddress(AuthConfig config) {
        this(TrustedProxies.parse(config.trustedProxies()));
    }

    ClientAddress(TrustedProxies trusted) {
        this.trusted = trusted;
    }

    /** The rate-limit key of the request's client. */
    String of(HttpServerRequest request) {
        String peer = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        return keyOf(resolve(peer, request.headers().getAll(HEADER)));
    }

    /**
     * Walks the X-Forwarded-For hops right to left for as long as the address that handed us the request is a
     * trusted proxy. {@code forwardedFor} is every X-Forwarded-For header in arrival order; null when the peer is
     * unknown.
     */
    InetAddress resolve(String peer, List<String> forwardedFor) {
        InetAddress client = peer == null ? null : IpLiterals.parse(peer);
        if (client == null || !trusted.contains(client)) {
            return client;
        }
        List<String> hops = forwardedFor.stream().flatMap(h -> Arrays.stream(h.split(","))).toList();
        for (int i = hops.size() - 1; i >= 0 && trusted.contains(client); i--) {
            InetAddress hop = IpLiterals.parse(hops.get(i));
            if (hop == null) {
                // A trusted proxy would have written an address here; nothing further left can be believed.
                return client;
            }
            client = hop;
        }
        return client;
    }

    /**
     * IPv4 addresses count one by one; IPv6 ones by their /64, the block one subscriber gets, since hopping
     * between the 2^64 addresses inside it costs nothing.
     */
    static String keyOf(InetAddress address) {
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
