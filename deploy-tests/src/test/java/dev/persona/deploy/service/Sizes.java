package dev.persona.deploy.service;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sizes written as Quarkus (110M), nginx (110m) and Kubernetes (110Mi) write them, in bytes. */
public final class Sizes {
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kmgt]?)(i?)b?", Pattern.CASE_INSENSITIVE);

    private Sizes() {
    }

    /** K, M, G are powers of 1024 for Quarkus and nginx alike; Kubernetes' Mi too. */
    public static long bytes(String size) {
        Matcher m = SIZE.matcher(size.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a size: " + size);
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "k" -> n << 10;
            case "m" -> n << 20;
            case "g" -> n << 30;
            case "t" -> n << 40;
            default -> n;
        };
    }
}
