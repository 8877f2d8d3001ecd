package dev.persona.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoadOptionsTest {
    private static final Path ROOT = Path.of(".");

    @Test
    void defaultsAreTheIssuesLoad() {
        LoadOptions o = LoadOptions.parse(List.of(), ROOT);
        assertNull(o.baseUrl());
        assertEquals(50, o.users());
        assertEquals(25, o.rate());
        assertEquals(Duration.ofSeconds(60), o.duration());
        assertEquals(0.5, o.ratePerUser());
        assertFalse(o.poisson());
        assertEquals(Duration.ofSeconds(30), o.warmup());
    }

    @Test
    void everyOptionIsRead() {
        LoadOptions o = LoadOptions.parse(List.of("--base-url", "http://localhost:8080/", "--users", "10", "--rate",
                "2.5", "--duration", "5", "--baseline", "20", "--poisson", "--warmup", "0"), ROOT);
        assertEquals("http://localhost:8080", o.baseUrl());
        assertEquals(10, o.users());
        assertEquals(2.5, o.rate());
        assertEquals(Duration.ofSeconds(5), o.duration());
        assertEquals(20, o.baselineChats());
        assertTrue(o.poisson());
        assertEquals(Duration.ZERO, o.warmup());
    }

    @Test
    void nonsenseIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse(List.of("--rate", "0"), ROOT));
        assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse(List.of("--users"), ROOT));
        assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse(List.of("--fast"), ROOT));
        assertThrows(IllegalArgumentException.class, () -> LoadOptions.parse(List.of("--warmup", "-1"), ROOT));
    }
}
