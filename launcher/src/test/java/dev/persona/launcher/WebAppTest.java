package dev.persona.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.infra.FreePort;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway serving a built web app at {@code /}, next to its JSON overview and the services' routes. */
class WebAppTest {
    private static final String PAGE = "<!doctype html><title>Persona</title>";

    @TempDir
    Path dist;
    @TempDir
    Path outside;

    private final HttpClient http = HttpClient.newHttpClient();
    private Gateway gateway;
    private int port;

    @BeforeEach
    void start() throws Exception {
        Files.writeString(dist.resolve("index.html"), PAGE);
        Files.createDirectories(dist.resolve("assets"));
        Files.writeString(dist.resolve("assets/index-abc123.js"), "console.log('app')");
        Files.writeString(dist.resolve("assets/index-abc123.css"), "body{}");
        Files.writeString(dist.resolve("sw.js"), "self.addEventListener('fetch', () => {})");
        Files.writeString(dist.resolve("manifest.webmanifest"), "{\"name\":\"Persona\"}");
        Files.write(dist.resolve("icon-192.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        // Files the build must never expose: a link out of it, and a name that would shadow a service's route.
        Path secret = Files.writeString(outside.resolve("secret.txt"), "not for the web");
        Files.createSymbolicLink(dist.resolve("linked.txt"), secret);
        Files.createDirectories(dist.resolve("personas"));
        Files.writeString(dist.resolve("personas/index.html"), "shadow");
        port = FreePort.find();
        gateway = new Gateway(port, GatewayConfig.defaults(), WebApp.load(dist),
                List.of(new ServiceSpec("auth-service", FreePort.find(), "64m")), name -> Gateway.ServiceState.NOT_BUILT);
    }

    @AfterEach
    void stop() throws Exception {
        gateway.close();
        Files.delete(dist.resolve("linked.txt"));
    }

    @Test
    void aBrowserGetsTheAppAtTheRootAndAJsonClientTheOverview() throws Exception {
        HttpResponse<String> page = get("/", Map.of("Accept", "text/html,application/xhtml+xml,*/*;q=0.8"));
        assertEquals(200, page.statusCode());
        assertEquals(PAGE, page.body());
        assertEquals("text/html; charset=utf-8", header(page, "Content-Type"));
        assertEquals("no-cache", header(page, "Cache-Control"));
        assertEquals("Accept", header(page, "Vary"));
        assertTrue(header(page, "Content-Security-Policy").contains("script-src 'self'"));
        assertEquals("nosniff", header(page, "X-Content-Type-Options"));

        HttpResponse<String> overview = get("/", Map.of("Accept", "application/json"));
        assertEquals(200, overview.statusCode());
        assertEquals("application/json", header(overview, "Content-Type"));
        assertTrue(overview.body().contains("\"auth-service\":\"not_built\""), overview.body());

        HttpResponse<String> health = get("/health", Map.of("Accept", "text/html"));
        assertTrue(health.body().contains("\"status\":\"DEGRADED\""), health.body());
    }

    @Test
    void eachFileHasItsTypeAndHashedAssetsAreCachedForGood() throws Exception {
        Map<String, String> types = Map.of("/assets/index-abc123.js", "text/javascript; charset=utf-8",
                "/assets/index-abc123.css", "text/css; charset=utf-8", "/sw.js", "text/javascript; charset=utf-8",
                "/manifest.webmanifest", "application/manifest+json", "/icon-192.png", "image/png",
                "/index.html", "text/html; charset=utf-8");
        for (Map.Entry<String, String> file : types.entrySet()) {
            HttpResponse<String> response = get(file.getKey(), Map.of());
            assertEquals(200, response.statusCode(), file.getKey());
            assertEquals(file.getValue(), header(response, "Content-Type"), file.getKey());
            String cache = header(response, "Cache-Control");
            assertEquals(file.getKey().startsWith("/assets/") ? "public, max-age=31536000, immutable" : "no-cache",
                    cache, file.getKey());
        }
        assertEquals("console.log('app')", get("/assets/index-abc123.js", Map.of()).body());
    }

    @Test
    void aRevalidationWithTheSameEtagGets304WithoutTheBody() throws Exception {
        HttpResponse<String> first = get("/sw.js", Map.of());
        String etag = header(first, "ETag");
        assertNotNull(etag);
        HttpResponse<String> again = get("/sw.js", Map.of("If-None-Match", etag));
        assertEquals(304, again.statusCode());
        assertEquals("", again.body());
        assertEquals(200, get("/sw.js", Map.of("If-None-Match", "\"other\"")).statusCode());
    }

    @Test
    void headAnswersTheLengthAndOtherMethodsAre405() throws Exception {
        HttpResponse<String> head = http.send(HttpRequest.newBuilder(URI.create(url("/index.html")))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, head.statusCode());
        assertEquals(Integer.toString(PAGE.length()), header(head, "Content-Length"));
        assertEquals("", head.body());

        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(url("/index.html")))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
        assertEquals("GET, HEAD", header(post, "Allow"));
        assertTrue(post.body().contains("\"code\":\"method-not-allowed\""), post.body());
    }

    @Test
    void onlyFilesOfTheBuildAnswerNeverALinkOutOrAPathThatEscapes() throws Exception {
        assertProblem(rawGet("/linked.txt"), 404, "not-found");
        assertProblem(rawGet("/missing.js"), 404, "not-found");
        assertProblem(rawGet("/assets"), 404, "not-found");
        for (String escape : new String[] {"/assets/../index.html", "/%2e%2e/secret.txt", "/assets/..%2fsecret.txt",
                "/assets%2findex-abc123.js", "/./index.html", "//index.html", "/assets\\index-abc123.js"}) {
            assertProblem(rawGet(escape), 400, "path-not-allowed");
        }
        // A service's path stays the service's, even when the build holds a file there.
        assertProblem(rawGet("/personas/index.html"), 503, "service-unavailable");
        // Unreserved characters spelled %-encoded are the same file (the gateway's normal form).
        assertEquals(200, rawGet("/%69ndex.html").status());
    }

    @Test
    void withoutABuildTheRootIsTheOverviewAsBefore() throws Exception {
        Path empty = Files.createTempDirectory("persona-no-web-");
        int other = FreePort.find();
        try (Gateway bare = new Gateway(other, GatewayConfig.defaults(), WebApp.load(empty),
                List.of(new ServiceSpec("auth-service", FreePort.find(), "64m")), name -> Gateway.ServiceState.READY)) {
            HttpResponse<String> root = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + other + "/"))
                    .header("Accept", "text/html").build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, root.statusCode());
            assertTrue(root.body().contains("\"status\":\"UP\""), root.body());
            assertFalse(WebApp.load(empty).built());
        }
    }

    private HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Raw, for the targets java.net.http would normalise or refuse before sending. */
    private RawHttp.Response rawGet(String target) throws Exception {
        return RawHttp.exchange(port, "GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    }

    private static void assertProblem(RawHttp.Response response, int status, String code) {
        assertEquals(status, response.status(), response.body());
        assertEquals("application/problem+json", response.header("content-type"));
        assertTrue(response.body().contains("\"code\":\"" + code + "\""), response.body());
    }

    private static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }
}
