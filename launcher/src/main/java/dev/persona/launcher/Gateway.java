package dev.persona.launcher;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.persona.common.net.ForwardedClient;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyOptions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The one base URL: a Vert.x reverse proxy (vertx-http-proxy) that routes each path to the service that owns it.
 * Bodies stream through in both directions, so uploads and server-sent events are never buffered here.
 * <p>
 * In front of the proxy: the path rules ({@link RequestPath}), the services' {@code /q/} surfaces kept off the
 * public side, per-client connection limits ({@link Connections}), request size and pace limits
 * ({@link BodyWatch}), upstream timeouts ({@link Exchange}); every refusal is application/problem+json with a
 * stable code. Limits: {@link GatewayConfig}.
 */
final class Gateway implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    // No WebSocket tunnelling: nothing behind the gateway speaks it, and a tunnel is a raw socket past every limit.
    private static final ProxyOptions PROXY_OPTIONS = new ProxyOptions().setSupportWebSocket(false);

    private final Vertx vertx;
    private final GatewayConfig config;
    private final HttpServer server;
    private final HttpClient client;
    private final Map<String, ServiceSpec> services = new LinkedHashMap<>();
    private final Function<String, ServiceState> states;
    private final ClientSlots slots;
    private final Connections connections;
    private final Replies replies;
    private final WebApp webApp;

    enum ServiceState {
        READY, STARTING, NOT_BUILT, STOPPED
    }

    Gateway(int port, Iterable<ServiceSpec> specs, Function<String, ServiceState> states) {
        this(port, GatewayConfig.defaults(), specs, states);
    }

    Gateway(int port, GatewayConfig config, Iterable<ServiceSpec> specs, Function<String, ServiceState> states) {
        this(port, config, WebApp.none(), specs, states);
    }

    Gateway(int port, GatewayConfig config, WebApp webApp, Iterable<ServiceSpec> specs,
            Function<String, ServiceState> states) {
        this.vertx = Vertx.vertx();
        this.webApp = webApp;
        this.config = config;
        this.states = states;
        specs.forEach(spec -> services.put(spec.name(), spec));
        this.slots = new ClientSlots(config.maxConnectionsPerClient());
        this.connections = new Connections(vertx, config, slots);
        this.replies = new Replies(vertx, config.linger());
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setMaxPoolSize(config.upstreamPoolSize())
                .setMaxWaitQueueSize(config.upstreamPoolSize() * 4)
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, config.upstreamConnectTimeout().toMillis()))
                .setKeepAlive(true).setIdleTimeout(60).setIdleTimeoutUnit(TimeUnit.SECONDS));
        HttpServerOptions options = new HttpServerOptions()
                .setMaxHeaderSize(config.maxHeaderBytes())
                .setMaxInitialLineLength(config.maxRequestLineBytes())
                // h2c would multiplex many requests over one connection, past the per-connection limits.
                .setHttp2ClearTextEnabled(false);
        this.server = vertx.createHttpServer(options)
                .connectionHandler(connections::opened)
                .invalidRequestHandler(this::invalid)
                .requestHandler(this::route);
        await(server.listen(port, config.host()));
    }

    /** Open client connections (for tests and the console). */
    int openConnections() {
        return connections.count();
    }

    private void route(HttpServerRequest request) {
        Connections.Tracked connection = connections.of(request.connection());
        connection.requestStarted();
        request.response().endHandler(v -> connection.requestFinished());
        if (connection.refused()) {
            replies.problem(request, GatewayProblem.tooManyConnections(config.maxConnectionsPerClient()), null, true);
            return;
        }
        String path;
        try {
            path = RequestPath.normalise(request.path());
        } catch (RequestPath.NotAllowed e) {
            replies.problem(request, GatewayProblem.pathNotAllowed(e.getMessage()), null, false);
            return;
        }
        if ("/health".equals(path) || "/".equals(path) && (!webApp.built() || wantsJson(request))) {
            overview(request.response());
            return;
        }
        Optional<String> service = RequestPath.isManagement(path) ? Optional.empty() : Routes.serviceFor(path);
        if (service.isEmpty()) {
            Optional<WebApp.File> file = RequestPath.isManagement(path) ? Optional.empty() : webApp.find(path);
            if (file.isPresent()) {
                serveFile(request, path, file.get());
            } else {
                replies.problem(request, GatewayProblem.notFound(path), path, false);
            }
            return;
        }
        Optional<GatewayProblem> framing = framingProblem(request);
        if (framing.isPresent()) {
            replies.problem(request, framing.get(), path, false);
            return;
        }
        ServiceState state = states.apply(service.get());
        if (state != ServiceState.READY) {
            replies.problem(request, GatewayProblem.serviceUnavailable(
                    service.get() + " is " + state.name().toLowerCase().replace('_', ' ') + "."), path, false);
            return;
        }
        ForwardedClient clientAddress = ForwardedClient.resolve(config.trustedProxies(),
                request.remoteAddress() == null ? null : request.remoteAddress().hostAddress(),
                request.headers().getAll("X-Forwarded-For"));
        if (clientAddress.viaTrustedProxy() && !holdRequestSlot(request, connection, clientAddress)) {
            replies.problem(request, GatewayProblem.tooManyConnections(config.maxConnectionsPerClient()), path,
                    false);
            return;
        }
        Exchange exchange = new Exchange(vertx, config, replies, request, service.get(),
                services.get(service.get()).port(), path, clientAddress);
        HttpProxy.reverseProxy(PROXY_OPTIONS, client).origin(exchange::originRequest).addInterceptor(exchange)
                .handle(request);
    }

    /**
     * Behind a trusted proxy one connection carries many clients, so the limit counts each client's requests in
     * flight instead of its connections.
     */
    private boolean holdRequestSlot(HttpServerRequest request, Connections.Tracked connection, ForwardedClient client) {
        ClientSlots.Slot slot = slots.tryAcquire(client.key());
        if (slot == null) {
            return false;
        }
        request.response().endHandler(v -> {
            slot.release();
            connection.requestFinished();
        });
        request.response().closeHandler(v -> slot.release());
        return true;
    }

    /** Bodies the proxy could not frame the same way as the service, and bodies declared too large up front. */
    private Optional<GatewayProblem> framingProblem(HttpServerRequest request) {
        List<String> encodings = request.headers().getAll(HttpHeaders.TRANSFER_ENCODING);
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (!encodings.isEmpty()) {
            if (!encodings.stream().allMatch("chunked"::equals)) {
                return Optional.of(GatewayProblem.badRequest("Transfer-Encoding must be chunked."));
            }
            if (length != null) {
                // Both headers is how requests are smuggled past a proxy.
                return Optional.of(GatewayProblem.badRequest("Content-Length and Transfer-Encoding together."));
            }
        }
        if (length != null) {
            long declared;
            try {
                declared = Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                return Optional.of(GatewayProblem.badRequest("Content-Length is not a number."));
            }
            if (declared < 0) {
                return Optional.of(GatewayProblem.badRequest("Content-Length is negative."));
            }
            if (declared > config.maxBodyBytes()) {
                return Optional.of(GatewayProblem.payloadTooLarge(config.maxBodyBytes()));
            }
        }
        return Optional.empty();
    }

    /** Requests Netty could not parse: request line or headers too long, or not HTTP. Vert.x closes after it. */
    private void invalid(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        GatewayProblem problem = cause instanceof TooLongHttpLineException ? GatewayProblem.uriTooLong()
                : cause instanceof TooLongHttpHeaderException ? GatewayProblem.headerTooLarge()
                        : GatewayProblem.badRequest("The request is not valid HTTP/1.1.");
        request.response().setStatusCode(problem.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, GatewayProblem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE)
                .end(problem.json(null));
    }

    /**
     * The JSON overview stays at {@code /} for a client that asks for JSON and not HTML ({@code Accept:
     * application/json}); browsers get the app.
     */
    private static boolean wantsJson(HttpServerRequest request) {
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        return accept != null && accept.contains("application/json") && !accept.contains("text/html");
    }

    /** A file of the web app: GET and HEAD only, revalidated by ETag, with its caching and security headers. */
    private void serveFile(HttpServerRequest request, String path, WebApp.File file) {
        HttpMethod method = request.method();
        if (!HttpMethod.GET.equals(method) && !HttpMethod.HEAD.equals(method)) {
            request.response().putHeader(HttpHeaders.ALLOW, "GET, HEAD");
            replies.problem(request, GatewayProblem.forStatus(405), path, false);
            return;
        }
        HttpServerResponse response = request.response()
                .putHeader(HttpHeaders.CACHE_CONTROL, file.cacheControl())
                .putHeader(HttpHeaders.ETAG, file.etag())
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "same-origin");
        if ("/".equals(path)) {
            response.putHeader(HttpHeaders.VARY, "Accept"); // the same path answers the JSON overview
        }
        if (file.contentType().startsWith("text/html")) {
            response.putHeader("Content-Security-Policy", WebApp.CONTENT_SECURITY_POLICY);
        }
        String ifNoneMatch = request.getHeader(HttpHeaders.IF_NONE_MATCH);
        if (ifNoneMatch != null && (ifNoneMatch.contains(file.etag()) || ifNoneMatch.trim().equals("*"))) {
            response.setStatusCode(304).end();
        } else {
            response.setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, file.contentType());
            if (HttpMethod.HEAD.equals(method)) {
                response.putHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(file.body().length)).end();
            } else {
                response.end(Buffer.buffer(file.body()));
            }
        }
        if (!request.isEnded()) {
            replies.closeWhenBodyIsIn(request); // a body nobody reads: dropped, then the connection closes
        }
    }

    private void overview(HttpServerResponse response) {
        Map<String, Object> body = new LinkedHashMap<>();
        Map<String, String> byService = new LinkedHashMap<>();
        services.keySet().forEach(name -> byService.put(name, states.apply(name).name().toLowerCase()));
        body.put("status", byService.values().stream().allMatch("ready"::equals) ? "UP" : "DEGRADED");
        body.put("services", byService);
        try {
            response.setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(JSON.writeValueAsString(body));
        } catch (Exception e) {
            response.setStatusCode(500).end();
        }
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Gateway failed to start: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            await(server.close());
        } catch (RuntimeException ignored) {
            // Closing anyway.
        }
        await(vertx.close());
    }
}
