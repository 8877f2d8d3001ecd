package dev.persona.bench.grounding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {
    private static final Path ROOT = Path.of("/repo");

    @Test
    void defaultsStartTheSystemAndAskEveryPersona() {
        BenchOptions o = BenchOptions.parse(List.of(), ROOT);
        assertNull(o.baseUrl());
        assertEquals("all", o.split());
        assertEquals(Integer.MAX_VALUE, o.personas());
        assertEquals(Path.of("/repo/bench/grounding/target/report.json"), o.report());
        assertEquals(Duration.ofMinutes(40), o.ingestTimeout());
    }

    @Test
    void readsEveryOption() {
        BenchOptions o = BenchOptions.parse(List.of("--base-url", "http://localhost:8080", "--reuse", "--split", "dev",
                "--personas", "2", "--report", "/tmp/r.json", "--state", "/tmp/s.json", "--ingest-timeout", "5"), ROOT);
        assertEquals("http://localhost:8080", o.baseUrl());
        assertEquals(true, o.reuse());
        assertEquals("dev", o.split());
        assertEquals(2, o.personas());
        assertEquals(Path.of("/tmp/r.json"), o.report());
        assertEquals(Path.of("/tmp/s.json"), o.state());
        assertEquals(Duration.ofMinutes(5), o.ingestTimeout());
    }

    @Test
    void refusesWhatCannotWork() {
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(List.of("--reuse"), ROOT));
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(List.of("--split", "test"), ROOT));
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(List.of("--personas", "0"), ROOT));
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(List.of("--base-url"), ROOT));
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(List.of("--verbose"), ROOT));
    }
}
