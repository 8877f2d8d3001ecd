package dev.persona.launcher;

import dev.persona.common.net.TrustedProxies;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The gateway's limits. Each is a {@code persona.gateway.*} system property or the matching environment variable
 * ({@code PERSONA_GATEWAY_MAX_BODY_SIZE}); launcher/README.md lists them with their defaults.
 *
 * @param host                     address the gateway listens on (the services always listen on loopback)
 * @param maxBodyBytes             largest request body; above it 413 (the largest service limit, ingest's 110M)
 * @param maxHeaderBytes           all request header lines together; above it 431
 * @param maxRequestLineBytes      the request line (method, target, version); above it 414
 * @param maxConnectionsPerClient  open connections per client address; behind a trusted proxy, requests in flight
 * @param requestHeadTimeout       a connection must deliver a complete request head this soon after it opens or
 *                                 after its previous response, or it is closed (slow headers, idle keep-alive)
 * @param bodyTimeout              the window a request body is measured over: slower than {@code minBodyRate} in
 *                                 any such window (nothing at all, at worst) and the request is cut with 408
 * @param minBodyRate              bytes per second a request body must keep up, averaged over {@code bodyTimeout}
 * @param upstreamConnectTimeout   to get a connection to the service (from the pool or a new one); then 504
 * @param upstreamTimeout          for the service's response head once the body is sent; then 504
 * @param responseStallTimeout     a client that reads none of its response for this long is cut
 * @param upstreamPoolSize         connections per service
 * @param linger                   after an error on a request whose body is still coming, how long the rest is read
 *                                 and dropped before the connection closes (so the client sees the error, not RST)
 * @param trustedProxies           peers whose X-Forwarded-For is believed
 */
record GatewayConfig(String host, long maxBodyBytes, int maxHeaderBytes, int maxRequestLineBytes,
        int maxConnectionsPerClient, Duration requestHeadTimeout, Duration bodyTimeout, long minBodyRate,
        Duration upstreamConnectTimeout, Duration upstreamTimeout, Duration responseStallTimeout,
        int upstreamPoolSize, Duration linger, TrustedProxies trustedProxies) {

    static final String PREFIX = "persona.gateway.";
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kmg]?)b?", Pattern.CASE_INSENSITIVE);
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)", Pattern.CASE_INSENSITIVE);

    GatewayConfig {
        positive("max-body-size", maxBodyBytes);
        positive("max-header-size", maxHeaderBytes);
        positive("max-request-line", maxRequestLineBytes);
        positive("max-connections-per-client", maxConnectionsPerClient);
        positive("upstream-pool-size", upstreamPoolSize);
        if (minBodyRate < 0) {
            throw new IllegalArgumentException(PREFIX + "min-body-rate must not be negative");
        }
        for (Duration d : new Duration[] {requestHeadTimeout, bodyTimeout, upstreamConnectTimeout, upstreamTimeout,
                responseStallTimeout, linger}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(PREFIX + "* durations must be positive, not " + d);
            }
        }
    }

    static GatewayConfig defaults() {
        return from(Map.of());
    }

    /** System properties first, then environment variables, then the defaults. */
    static GatewayConfig fromSystem() {
        return from(key -> {
            String value = System.getProperty(PREFIX + key);
            String variable = (PREFIX + key).toUpperCase(Locale.ROOT).replaceAll("[.-]", "_");
            return value != null ? value : System.getenv(variable);
        });
    }

    /** {@code values} keyed without the prefix, e.g. {@code max-body-size}. */
    static GatewayConfig from(Map<String, String> values) {
        return from(values::get);
    }

    static GatewayConfig from(Function<String, String> values) {
        Reader r = new Reader(values);
        return new GatewayConfig(
                r.string("host", "0.0.0.0"),
                r.size("max-body-size", "110M"),
                (int) r.size("max-header-size", "16K"),
                (int) r.size("max-request-line", "8K"),
                r.integer("max-connections-per-client", "32"),
                r.duration("request-head-timeout", "PT20S"),
                r.duration("body-timeout", "PT10S"),
                r.size("min-body-rate", "1K"),
                r.duration("upstream-connect-timeout", "PT5S"),
                r.duration("upstream-timeout", "PT2M"),
                r.duration("response-stall-timeout", "PT60S"),
                r.integer("upstream-pool-size", "128"),
                r.duration("linger", "PT1S"),
                TrustedProxies.parse(java.util.List.of(r.string("trusted-proxies", TrustedProxies.NONE).split(",")),
                        PREFIX + "trusted-proxies"));
    }

    /** Bytes a request body must bring in each {@link #bodyTimeout} window: never less than one. */
    long minBodyBytesPerWindow() {
        return Math.max(1, minBodyRate * bodyTimeout.toMillis() / 1000);
    }

    private static void positive(String key, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(PREFIX + key + " must be positive, not " + value);
        }
    }

    private record Reader(Function<String, String> values) {
        String string(String key, String fallback) {
            String value = values.apply(key);
            return value == null || value.isBlank() ? fallback : value.trim();
        }

        int integer(String key, String fallback) {
            try {
                return Integer.parseInt(string(key, fallback));
            } catch (NumberFormatException e) {
                throw invalid(key, "a whole number");
            }
        }

        long size(String key, String fallback) {
            Matcher m = SIZE.matcher(string(key, fallback));
            if (!m.matches()) {
                throw invalid(key, "a size like 110M, 16K or 4096");
            }
            int shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
                case "k" -> 10;
                case "m" -> 20;
                case "g" -> 30;
                default -> 0;
            };
            try {
                return Math.multiplyExact(Long.parseLong(m.group(1)), 1L << shift);
            } catch (ArithmeticException | NumberFormatException e) {
                throw invalid(key, "a size that fits in 63 bits");
            }
        }

        Duration duration(String key, String fallback) {
            String text = string(key, fallback);
            Matcher m = SHORT_DURATION.matcher(text);
            try {
                if (m.matches()) {
                    long n = Long.parseLong(m.group(1));
                    return switch (m.group(2).toLowerCase(Locale.ROOT)) {
                        case "ms" -> Duration.ofMillis(n);
                        case "s" -> Duration.ofSeconds(n);
                        case "m" -> Duration.ofMinutes(n);
                        default -> Duration.ofHours(n);
                    };
                }
                return Duration.parse(text);
            } catch (RuntimeException e) {
                throw invalid(key, "a duration like PT10S, 10s or 500ms");
            }
        }

        private IllegalArgumentException invalid(String key, String expected) {
            return new IllegalArgumentException(PREFIX + key + ": '" + values.apply(key) + "' is not " + expected);
        }
    }
}
