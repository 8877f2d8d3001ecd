package dev.persona.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LatencySummaryTest {

    @Test
    void percentilesAreOverAnsweredChatsAndErrorsAreCountedByOutcome() {
        List<LatencySummary.Sample> samples = new ArrayList<>();
        for (int ms = 1; ms <= 100; ms++) {
            samples.add(new LatencySummary.Sample(ms, "200", ms / 10.0));
        }
        samples.add(new LatencySummary.Sample(5000, "timeout"));
        samples.add(new LatencySummary.Sample(1, "429"));
        samples.add(new LatencySummary.Sample(2, "429"));

        LatencySummary summary = LatencySummary.of(samples, 10);

        assertEquals(103, summary.sent());
        assertEquals(100, summary.ok());
        assertEquals(50, summary.p50());
        assertEquals(95, summary.p95());
        assertEquals(99, summary.p99());
        assertEquals(100, summary.max());
        assertEquals(10.0, summary.achievedRate(), 1e-9, "answered chats per second of the window");
        assertEquals(Map.of("429", 2, "timeout", 1), summary.errors());
        assertEquals(5.0, summary.serviceP50());
        assertEquals(9.9, summary.serviceP99(), 1e-9);
    }

    @Test
    void nearestRankOnFewValues() {
        double[] sorted = {10, 20, 30};
        assertEquals(20, LatencySummary.percentile(sorted, 50));
        assertEquals(30, LatencySummary.percentile(sorted, 99));
        assertEquals(Double.NaN, LatencySummary.percentile(new double[0], 50));
    }
}
