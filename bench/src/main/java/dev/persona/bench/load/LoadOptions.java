package dev.persona.bench.load;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Command line of the chat load bench.
 *
 * @param baseUrl        a running system to use; null starts the whole system on free ports
 * @param users          concurrent users, each an owner with their own persona and one connection
 * @param rate           chats per second offered by all users together
 * @param duration       how long the load is held
 * @param baselineChats  sequential chats of one user alone before the load (the baseline)
 * @param poisson        exponential gaps between a user's chats instead of even ones
 * @param warmup         the same load held first and not counted, so the services' JIT has compiled the chat path
 */
record LoadOptions(Path root, String baseUrl, int users, double rate, Duration duration, int baselineChats,
        boolean poisson, Duration warmup) {

    static final String USAGE = """
            usage: chat-load.sh [--base-url URL] [--users 50] [--rate 25] [--duration 60] [--baseline 100]
                                [--warmup 30] [--poisson]
              --base-url URL   use a running system (e.g. http://localhost:8080) instead of starting one; start it
                               with the raised limits chat-load.sh exports (see bench/README.md)
              --users N        concurrent users, each with their own owner, persona and connection (default 50)
              --rate R         chats per second offered by all users together (default 25)
              --duration S     seconds the load is held (default 60)
              --baseline N     sequential chats of one user alone first, the baseline (default 100)
              --warmup S       seconds of the same load first, not counted: the JIT's warm-up (default 30; 0 none)
              --poisson        random (exponential) gaps between a user's chats; default even gaps
            """;

    static LoadOptions parse(List<String> args, Path defaultRoot) {
        Path root = defaultRoot;
        String baseUrl = null;
        int users = 50;
        double rate = 25;
        Duration duration = Duration.ofSeconds(60);
        int baseline = 100;
        boolean poisson = false;
        Duration warmup = Duration.ofSeconds(30);
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--root" -> root = Path.of(value(args, ++i, arg));
                case "--base-url" -> baseUrl = value(args, ++i, arg).replaceAll("/+$", "");
                case "--users" -> users = (int) positive(value(args, ++i, arg), arg);
                case "--rate" -> rate = positive(value(args, ++i, arg), arg);
                case "--duration" -> duration = Duration.ofMillis((long) (1000 * positive(value(args, ++i, arg), arg)));
                case "--baseline" -> baseline = (int) positive(value(args, ++i, arg), arg);
                case "--warmup" -> warmup = Duration.ofSeconds(nonNegative(value(args, ++i, arg), arg));
                case "--poisson" -> poisson = true;
                default -> throw new IllegalArgumentException("Unknown option " + arg);
            }
        }
        return new LoadOptions(root.toAbsolutePath().normalize(), baseUrl, users, rate, duration, baseline, poisson,
                warmup);
    }

    /** Every user offers the same share of the rate. */
    double ratePerUser() {
        return rate / users;
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(i);
    }

    private static long nonNegative(String value, String option) {
        try {
            long n = Long.parseLong(value);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + " needs a whole number of seconds, 0 or more, not " + value);
    }

    private static double positive(String value, String option) {
        try {
            double n = Double.parseDouble(value);
            if (n > 0 && Double.isFinite(n)) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + " needs a positive number, not " + value);
    }
}
