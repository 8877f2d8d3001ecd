package dev.persona.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The built web app ({@code web/target/dist}), read into memory once when the gateway starts. A request path is
 * only ever a key into that map, never joined to a file system path, so no spelling of a path reaches a file
 * outside the build: there is nothing to traverse. Only regular files are taken (no symbolic links), their names
 * must pass the gateway's own {@link RequestPath} rules, and the whole build is bounded in count and size.
 */
final class WebApp {
    static final int MAX_FILES = 500;
    static final long MAX_TOTAL_BYTES = 32L * 1024 * 1024;
    /**
     * For the page: scripts, styles and connections from this origin only; clips play from blob URLs (fetched with
     * the token); no framing.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; media-src 'self' blob:; connect-src 'self'; worker-src 'self'; "
            + "manifest-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /** Vite writes content-hashed names here, so these never change and may be cached for good. */
    private static final String IMMUTABLE_PREFIX = "/assets/";
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("json", "application/json"),
            Map.entry("webmanifest", "application/manifest+json"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("webp", "image/webp"),
            Map.entry("woff2", "font/woff2"),
            Map.entry("txt", "text/plain; charset=utf-8"));

    /** One file as it is answered: body, media type, strong validator and how long it may be cached. */
    record File(byte[] body, String contentType, String etag, String cacheControl) {
    }

    private final Map<String, File> files;

    private WebApp(Map<String, File> files) {
        this.files = Map.copyOf(files);
    }

    /** No web app: the gateway answers {@code /} with its JSON overview, as before there was one. */
    static WebApp none() {
        return new WebApp(Map.of());
    }

    /** The build under {@code dist}, or {@link #none()} when it has not been built (no index.html). */
    static WebApp load(Path dist) {
        if (!Files.isRegularFile(dist.resolve("index.html"), LinkOption.NOFOLLOW_LINKS)) {
            return none();
        }
        Map<String, File> files = new HashMap<>();
        long total = 0;
        List<Path> regular;
        try (Stream<Path> walk = Files.walk(dist)) {
            regular = walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).limit(MAX_FILES + 1L)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the web app in " + dist, e);
        }
        if (regular.size() > MAX_FILES) {
            throw new IllegalStateException("The web app in " + dist + " has more than " + MAX_FILES + " files.");
        }
        for (Path file : regular) {
            String path = "/" + dist.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
            if (!routable(path)) {
                continue; // a name no request could ask for through the gateway's path rules
            }
            try {
                total += Files.size(file);
                if (total > MAX_TOTAL_BYTES) {
                    throw new IllegalStateException("The web app in " + dist + " is larger than "
                            + MAX_TOTAL_BYTES / (1024 * 1024) + " MiB.");
                }
                files.put(path, file(path, Files.readAllBytes(file)));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + file, e);
            }
        }
        return new WebApp(files);
    }

    boolean built() {
        return files.containsKey("/index.html");
    }

    int fileCount() {
        return files.size();
    }

    /** The file for a normalised request path; {@code /} is the app's page. */
    Optional<File> find(String path) {
        return Optional.ofNullable(files.get("/".equals(path) ? "/index.html" : path));
    }

    private static boolean routable(String path) {
        try {
            return RequestPath.normalise(path).equals(path) && !RequestPath.isManagement(path)
                    && Routes.serviceFor(path).isEmpty();
        } catch (RequestPath.NotAllowed e) {
            return false;
        }
    }

    private static File file(String path, byte[] body) {
        // The page, the manifest and the service worker must be revalidated so a new release shows at once.
        String cache = path.startsWith(IMMUTABLE_PREFIX) ? "public, max-age=31536000, immutable" : "no-cache";
        return new File(body, contentType(path), etag(body), cache);
    }

    static String contentType(String path) {
        int dot = path.lastIndexOf('.');
        String extension = dot < path.lastIndexOf('/') + 1 ? "" : path.substring(dot + 1).toLowerCase(Locale.ROOT);
        return TYPES.getOrDefault(extension, "application/octet-stream");
    }

    private static String etag(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every JDK has SHA-256
        }
    }
}
