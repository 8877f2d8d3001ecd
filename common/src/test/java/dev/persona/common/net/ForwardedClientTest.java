package dev.persona.common.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForwardedClientTest {
    private static final TrustedProxies LOOPBACK_AND_LAN =
            TrustedProxies.parse(List.of("127.0.0.0/8", "::1/128", "10.0.0.0/8"), "test.trusted-proxies");
    private static final TrustedProxies NONE = TrustedProxies.parse(List.of("none"), "test.trusted-proxies");

    private static String key(String peer, String... forwardedFor) {
        return ForwardedClient.resolve(LOOPBACK_AND_LAN, peer, List.of(forwardedFor)).key();
    }

    @Test
    void untrustedPeerIsTheClientWhateverItForwards() {
        assertEquals("198.51.100.7", key("198.51.100.7", "203.0.113.1"));
        assertEquals("198.51.100.7", key("198.51.100.7"));
        ForwardedClient client = ForwardedClient.resolve(NONE, "127.0.0.1", List.of("203.0.113.9"));
        assertEquals("127.0.0.1", client.forwarded());
        assertFalse(client.viaTrustedProxy());
    }

    @Test
    void trustedPeerNamesTheRightMostUntrustedHop() {
        assertEquals("203.0.113.9", key("127.0.0.1", "203.0.113.9"));
        // The client wrote the left-most entries itself; the proxies appended the rest.
        assertEquals("203.0.113.9", key("127.0.0.1", "spoofed, 192.0.2.1, 203.0.113.9"));
        assertEquals("203.0.113.9", key("127.0.0.1", "192.0.2.1, 203.0.113.9, 10.1.2.3"));
        assertEquals("203.0.113.9", key("127.0.0.1", "192.0.2.1", "203.0.113.9:5555, 10.1.2.3"));
        assertEquals("127.0.0.1", key("127.0.0.1"));
        assertTrue(ForwardedClient.resolve(LOOPBACK_AND_LAN, "10.0.0.5", List.of()).viaTrustedProxy());
    }

    @Test
    void allTrustedChainNamesItsLeftMostHop() {
        assertEquals("10.0.0.5", key("127.0.0.1", "10.0.0.5, 10.0.0.6"));
    }

    @Test
    void garbageFromATrustedHopStopsTheWalkAtThatProxy() {
        assertEquals("10.0.0.6", key("127.0.0.1", "203.0.113.9, evil.example, 10.0.0.6"));
        assertEquals("127.0.0.1", key("127.0.0.1", "unknown"));
        assertEquals("127.0.0.1", key("127.0.0.1", "1".repeat(100)));
    }

    @Test
    void ipv6ClientsCountByTheirSlash64() {
        assertEquals("2001:db8:1:2:0:0:0:0/64", key("::1", "[2001:db8:1:2::abcd]:443"));
        assertEquals(key("::1", "2001:db8:1:2::1"), key("::1", "2001:db8:1:2:ffff:ffff:ffff:ffff"));
        assertEquals("2001:db8:1:2:0:0:0:0/64", key("2001:db8:1:2::99", "203.0.113.9"));
    }

    @Test
    void ipv4MappedPeerIsMatchedAsIpv4() {
        assertEquals("203.0.113.9", key("::ffff:127.0.0.1", "203.0.113.9"));
    }

    @Test
    void unknownPeerHasOneSharedKey() {
        assertEquals(ForwardedClient.UNKNOWN, key(null, "203.0.113.9"));
    }

    @Test
    void literalsAreParsedWithoutDns() {
        assertNull(IpLiterals.parse("localhost"));
        assertNull(IpLiterals.parse("persona.dev"));
        assertNull(IpLiterals.parse("[2001:db8::1"));
        assertEquals("192.0.2.1", IpLiterals.parse(" 192.0.2.1:80 ").getHostAddress());
    }

    @Test
    void trustedProxiesAreCidrsBareAddressesOrNone() throws Exception {
        assertFalse(NONE.contains(InetAddress.getByName("127.0.0.1")));
        assertTrue(NONE.isEmpty());
        TrustedProxies some = TrustedProxies.parse(List.of("192.0.2.7", "fd00::/8"), "x");
        assertTrue(some.contains(InetAddress.getByName("192.0.2.7")));
        assertFalse(some.contains(InetAddress.getByName("192.0.2.8")));
        assertTrue(some.contains(InetAddress.getByName("fd12::1")));
        assertFalse(some.contains(InetAddress.getByName("fe80::1")));
        for (String bad : List.of("gateway.internal", "10.0.0.0/33", "10.0.0.0/x", "::/129")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> TrustedProxies.parse(List.of(bad), "persona.x.trusted-proxies"), bad);
            assertTrue(e.getMessage().startsWith("persona.x.trusted-proxies"), e::getMessage);
        }
    }
}
