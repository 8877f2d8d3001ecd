package dev.persona.launcher;

import java.util.Optional;
import java.util.regex.Pattern;

/** Which service answers a path: the public API of every service behind one base URL. */
final class Routes {
    private static final Pattern CHAT = Pattern.compile("^/personas/[^/]+/(chat|sessions|history|style|speech|voice|voice-chat)(/.*)?$");

    private Routes() {
    }

    static Optional<String> serviceFor(String path) {
        if (path == null) {
            return Optional.empty();
        }
        if (path.equals("/auth") || path.startsWith("/auth/")) {
            return Optional.of("auth-service");
        }
        if (path.startsWith("/v1/")) {
            return Optional.of("chat-service");
        }
        if (CHAT.matcher(path).matches()) {
            return Optional.of("chat-service");
        }
        if (path.equals("/personas") || path.startsWith("/personas/")) {
            return Optional.of("ingest-service");
        }
        // Operator routes (replays); ingest-service lets only tokens with the admin group in.
        if (path.equals("/admin") || path.startsWith("/admin/")) {
            return Optional.of("ingest-service");
        }
        return Optional.empty();
    }
}
