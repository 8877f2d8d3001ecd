package dev.persona.launcher;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The one base URL: a Vert.x reverse proxy (vertx-http-proxy) that routes each path to the service that owns it.
 * Bodies stream through in both directions, so uploads and server-sent events are never buffered here.
 */
final class Gateway implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Vertx vertx;
    private final HttpServer server;
    private final Map<String, ServiceSpec> services = new LinkedHashMap<>();
    private final Function<String, ServiceState> states;

    enum ServiceState {
        READY, STARTING, NOT_BUILT, STOPPED
    }

    Gateway(int port, Iterable<ServiceSpec> specs, Function<String, ServiceState> states) {
        this.vertx = Vertx.vertx();
        this.states = states;
        specs.forEach(spec -> services.put(spec.name(), spec));
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setMaxPoolSize(64)
                .setKeepAlive(true).setIdleTimeout(60).setIdleTimeoutUnit(TimeUnit.SECONDS));
        HttpProxy proxy = HttpProxy.reverseProxy(client)
                .originRequestProvider((request, httpClient) -> httpClient.request(new RequestOptions()
                        .setServer(SocketAddress.inetSocketAddress(portFor(request), "localhost"))))
                .addInterceptor(new ForwardedFor());
        this.server = vertx.createHttpServer().requestHandler(request -> route(request, proxy));
        await(server.listen(port, "0.0.0.0"));
    }

    private int portFor(HttpServerRequest request) {
        return Routes.serviceFor(request.path()).map(services::get).map(ServiceSpec::port).orElseThrow();
    }

    private void route(HttpServerRequest request, HttpProxy proxy) {
        if ("/".equals(request.path()) || "/health".equals(request.path())) {
            overview(request.response());
            return;
        }
        Optional<String> service = Routes.serviceFor(request.path());
        if (service.isEmpty()) {
            problem(request.response(), 404, "not-found", "Not found", "No service answers " + request.path() + ".");
            return;
        }
        ServiceState state = states.apply(service.get());
        if (state != ServiceState.READY) {
            request.response().putHeader("Retry-After", "5");
            problem(request.response(), 503, "service-unavailable", "Service unavailable",
                    service.get() + " is " + state.name().toLowerCase().replace('_', ' ') + ".");
            return;
        }
        proxy.handle(request);
    }

    private void overview(HttpServerResponse response) {
        Map<String, Object> body = new LinkedHashMap<>();
        Map<String, String> byService = new LinkedHashMap<>();
        services.keySet().forEach(name -> byService.put(name, states.apply(name).name().toLowerCase()));
        body.put("status", byService.values().stream().allMatch("ready"::equals) ? "UP" : "DEGRADED");
        body.put("services", byService);
        send(response, 200, "application/json", body);
    }

    private static void problem(HttpServerResponse response, int status, String code, String title, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "https://persona.dev/problems/" + code);
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        body.put("code", code);
        send(response, status, "application/problem+json", body);
    }

    private static void send(HttpServerResponse response, int status, String type, Object body) {
        try {
            response.setStatusCode(status).putHeader("Content-Type", type).end(JSON.writeValueAsString(body));
        } catch (Exception e) {
            response.setStatusCode(500).end();
        }
    }

    /** Tells services who the client is, so per-address limits see clients rather than the gateway. */
    private static final class ForwardedFor implements ProxyInterceptor {
        @Override
        public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
            HttpServerRequest incoming = context.request().proxiedRequest();
            if (incoming.remoteAddress() != null) {
                context.request().headers().set("X-Forwarded-For", incoming.remoteAddress().hostAddress());
            }
            context.request().headers().set("X-Forwarded-Proto", incoming.scheme() == null ? "http" : incoming.scheme());
            return context.sendRequest();
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
