package dev.persona.bench.load;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** What a set of chats came to: latency percentiles of the answered ones, and the rest counted by outcome. */
record LatencySummary(int sent, int ok, double p50, double p95, double p99, double max, double achievedRate,
        Map<String, Integer> errors, double serviceP50, double serviceP99) {

    /**
     * One chat: its latency in ms (from its scheduled send time), its outcome ("200", "429", "timeout"...) and the
     * time chat-service reports for retrieving and answering it ({@code timings.totalMs}; -1 when none).
     */
    record Sample(double millis, String outcome, double serviceMillis) {
        Sample(double millis, String outcome) {
            this(millis, outcome, -1);
        }

        boolean ok() {
            return "200".equals(outcome);
        }
    }

    /** @param seconds the window the chats were sent in, for the achieved rate of answered chats */
    static LatencySummary of(List<Sample> samples, double seconds) {
        double[] okMillis = samples.stream().filter(Sample::ok).mapToDouble(Sample::millis).sorted().toArray();
        Map<String, Integer> errors = new TreeMap<>();
        samples.stream().filter(s -> !s.ok()).forEach(s -> errors.merge(s.outcome(), 1, Integer::sum));
        double[] service = samples.stream().filter(Sample::ok).mapToDouble(Sample::serviceMillis).filter(m -> m >= 0)
                .sorted().toArray();
        return new LatencySummary(samples.size(), okMillis.length, percentile(okMillis, 50), percentile(okMillis, 95),
                percentile(okMillis, 99), okMillis.length == 0 ? Double.NaN : okMillis[okMillis.length - 1],
                okMillis.length / seconds, errors, percentile(service, 50), percentile(service, 99));
    }

    /** Nearest rank: the smallest value with at least {@code p} % of the values at or below it. */
    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
    }

    String line() {
        return String.format(Locale.ROOT, "%d sent, %d answered: p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms; "
                + "achieved %.2f chats/s; errors %s", sent, ok, p50, p95, p99, max, achievedRate,
                errors.isEmpty() ? "none" : errors);
    }
}
