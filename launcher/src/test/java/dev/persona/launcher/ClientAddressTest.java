package dev.persona.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressTest {
    private static final TrustedProxies NONE = TrustedProxies.parse("none");
    private static final TrustedProxies PROXIES = TrustedProxies.parse("10.0.0.0/8, 192.0.2.1");

    @Test
    void forwardedForFromAPeerThatIsNotTrustedIsIgnored() {
        ClientAddress client = ClientAddress.resolve(NONE, "198.51.100.7", List.of("203.0.113.9"));
        assertEquals("198.51.100.7", client.forwarded());
        assertFalse(client.viaTrustedProxy());
        assertEquals("198.51.100.7", ClientAddress.resolve(PROXIES, "198.51.100.7", List.of("10.1.1.1")).forwarded());
    }

    @Test
    void fromATrustedProxyTheRightMostUntrustedHopIsTheClient() {
        assertEquals("203.0.113.9", ClientAddress.resolve(PROXIES, "10.0.0.5", List.of("203.0.113.9")).forwarded());
        // The client wrote the left-most entry itself; the proxies appended the rest.
        assertEquals("203.0.113.9", ClientAddress.resolve(PROXIES, "10.0.0.5",
                List.of("1.2.3.4, 203.0.113.9, 192.0.2.1")).forwarded());
        assertEquals("203.0.113.9", ClientAddress.resolve(PROXIES, "10.0.0.5",
                List.of("1.2.3.4", "203.0.113.9")).forwarded());
        assertTrue(ClientAddress.resolve(PROXIES, "10.0.0.5", List.of()).viaTrustedProxy());
    }

    @Test
    void garbageInTheChainStopsTheWalkAtTheLastBelievedHop() {
        assertEquals("10.0.0.5", ClientAddress.resolve(PROXIES, "10.0.0.5", List.of("evil.example")).forwarded());
        assertEquals("203.0.113.9",
                ClientAddress.resolve(PROXIES, "10.0.0.5", List.of("1.1.1.1, unknown, 203.0.113.9")).forwarded());
    }

    @Test
    void ipv6ClientsAreCountedByTheirSlash64() {
        ClientAddress a = ClientAddress.resolve(NONE, "2001:db8:1:2::1", List.of());
        ClientAddress b = ClientAddress.resolve(NONE, "2001:db8:1:2:ffff::9", List.of());
        assertEquals(a.key(), b.key());
        assertEquals("192.0.2.1", ClientAddress.resolve(NONE, "192.0.2.1", List.of()).key());
    }

    @Test
    void trustedProxiesAreLiteralsOrCidrsNeverNames() {
        assertThrows(IllegalArgumentException.class, () -> TrustedProxies.parse("proxy.example"));
        assertThrows(IllegalArgumentException.class, () -> TrustedProxies.parse("10.0.0.0/33"));
        assertTrue(TrustedProxies.parse("none").isEmpty());
    }
}
