package dev.persona.bench.grounding;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Command line of the grounding bench.
 *
 * @param baseUrl a running system to use; null starts the whole system on free ports
 * @param reuse keep uploaded personas in {@code state} and only re-ask questions on the next run
 * @param split dev, holdout or all
 * @param personas at most this many personas of the split
 */
record BenchOptions(Path root, String baseUrl, Path report, boolean reuse, Path state, String split, int personas,
        Duration ingestTimeout) {

    static final String USAGE = """
            usage: grounding.sh [--base-url URL] [--reuse] [--split dev|holdout|all] [--personas N]
                                [--report FILE] [--state FILE] [--ingest-timeout MINUTES]
              --base-url URL   use a running system (e.g. http://localhost:8080) instead of starting one
              --reuse          with --base-url: keep the owner and uploaded personas in the state file and only
                               re-ask the questions next time (personas whose corpus changed are uploaded again)
              --split S        dev (calibration), holdout (reporting only) or all (default)
              --personas N     only the first N personas of the split
              --report FILE    JSON with every question's raw result (default bench/grounding/target/report.json)
              --state FILE     state for --reuse (default bench/grounding/target/state.json)
              --ingest-timeout MINUTES  longest wait for every upload to be ready (default 40)
            """;

    Path benchDir() {
        return root.resolve("bench").resolve("grounding");
    }

    static BenchOptions parse(List<String> args, Path defaultRoot) {
        Path root = defaultRoot;
        String baseUrl = null;
        Path report = null;
        Path state = null;
        boolean reuse = false;
        String split = "all";
        int personas = Integer.MAX_VALUE;
        Duration ingestTimeout = Duration.ofMinutes(40);
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--root" -> root = Path.of(value(args, ++i, arg));
                case "--base-url" -> baseUrl = value(args, ++i, arg);
                case "--report" -> report = Path.of(value(args, ++i, arg));
                case "--state" -> state = Path.of(value(args, ++i, arg));
                case "--reuse" -> reuse = true;
                case "--split" -> split = value(args, ++i, arg);
                case "--personas" -> personas = positive(value(args, ++i, arg), arg);
                case "--ingest-timeout" -> ingestTimeout = Duration.ofMinutes(positive(value(args, ++i, arg), arg));
                default -> throw new IllegalArgumentException("Unknown option " + arg);
            }
        }
        if (!List.of("dev", "holdout", "all").contains(split)) {
            throw new IllegalArgumentException("--split must be dev, holdout or all, not " + split);
        }
        if (reuse && baseUrl == null) {
            throw new IllegalArgumentException("--reuse needs --base-url: only a system that outlives the bench "
                    + "keeps the uploaded personas (e.g. ./persona up, then --base-url http://localhost:8080)");
        }
        root = root.toAbsolutePath().normalize();
        Path target = root.resolve("bench/grounding/target");
        return new BenchOptions(root, baseUrl, report != null ? report : target.resolve("report.json"), reuse,
                state != null ? state : target.resolve("state.json"), split, personas, ingestTimeout);
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(i);
    }

    private static int positive(String value, String option) {
        try {
            int n = Integer.parseInt(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + " needs a positive number, not " + value);
    }
}
