package dev.persona.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatewayConfigTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        GatewayConfig c = GatewayConfig.defaults();
        assertEquals("0.0.0.0", c.host());
        assertEquals(110L << 20, c.maxBodyBytes());
        assertEquals(16 << 10, c.maxHeaderBytes());
        assertEquals(32, c.maxConnectionsPerClient());
        assertEquals(Duration.ofSeconds(10), c.bodyTimeout());
        assertEquals(10 * 1024, c.minBodyBytesPerWindow());
        assertTrue(c.trustedProxies().isEmpty());
    }

    @Test
    void sizesAndDurationsReadInTheUsualForms() {
        GatewayConfig c = GatewayConfig.from(Map.of("max-body-size", "4M", "max-header-size", "8192",
                "body-timeout", "500ms", "upstream-timeout", "PT3S", "request-head-timeout", "2s",
                "min-body-rate", "0"));
        assertEquals(4L << 20, c.maxBodyBytes());
        assertEquals(8192, c.maxHeaderBytes());
        assertEquals(Duration.ofMillis(500), c.bodyTimeout());
        assertEquals(Duration.ofSeconds(3), c.upstreamTimeout());
        assertEquals(Duration.ofSeconds(2), c.requestHeadTimeout());
        assertEquals(1, c.minBodyBytesPerWindow(), "a body must always bring something");
    }

    @Test
    void badValuesFailTheStartWithTheKeyInTheMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GatewayConfig.from(Map.of("max-body-size", "lots")));
        assertTrue(e.getMessage().contains("persona.gateway.max-body-size"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> GatewayConfig.from(Map.of("body-timeout", "0s")));
        assertThrows(IllegalArgumentException.class,
                () -> GatewayConfig.from(Map.of("max-connections-per-client", "0")));
        assertThrows(IllegalArgumentException.class, () -> GatewayConfig.from(Map.of("max-body-size", "99999999999G")));
    }
}
