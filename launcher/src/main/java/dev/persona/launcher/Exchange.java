package dev.persona.launcher;

import dev.persona.common.net.ForwardedClient;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

/**
 * One request on its way through the proxy to a service and back: which service and path, who the client is, the
 * limits on its body and on the service's answer, and every failure on the way turned into a problem+json answer.
 */
final class Exchange implements ProxyInterceptor {
    /** Headers about the client that only the gateway writes; a client's own are dropped. */
    private static final List<String> CLIENT_WRITTEN = List.of("Forwarded", "X-Real-IP", "X-Forwarded-Host",
            "X-Forwarded-Port", "X-Forwarded-Prefix", "X-Forwarded-Server");

    private final Vertx vertx;
    private final GatewayConfig config;
    private final Replies replies;
    private final HttpServerRequest request;
    private final String service;
    private final int port;
    private final String target;
    private final ForwardedClient client;
    private BodyWatch body;
    private HttpClientRequest upstream;
    private long upstreamClock = -1;
    private boolean upstreamAnswered;
    private boolean upstreamTimedOut;
    private GatewayProblem problem;

    Exchange(Vertx vertx, GatewayConfig config, Replies replies, HttpServerRequest request, String service, int port,
            String path, ForwardedClient client) {
        this.vertx = vertx;
        this.config = config;
        this.replies = replies;
        this.request = request;
        this.service = service;
        this.port = port;
        this.target = request.query() == null ? path : path + "?" + request.query();
        this.client = client;
    }

    /** The proxy's origin: the service on loopback, within the connect timeout (which covers waiting for the pool). */
    Future<HttpClientRequest> originRequest(ProxyContext context) {
        return context.client().request(new RequestOptions()
                .setServer(SocketAddress.inetSocketAddress(port, ServiceSpec.HOST))
                .setConnectTimeout(config.upstreamConnectTimeout().toMillis()))
                .onSuccess(r -> {
                    upstream = r;
                    // Failures reach the proxy through the response future; without a handler Vert.x logs each
                    // reset the gateway does on purpose (a body cut, a timeout) as an error.
                    r.exceptionHandler(failure -> {
                    });
                });
    }

    @Override
    public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
        // The normal form that was routed, always in origin form: the service reads the path the gateway checked.
        context.request().setURI(target);
        forwardClient(context.request().headers());
        Body original = context.request().getBody();
        if (original == null) {
            startUpstreamClock();
        } else {
            body = new BodyWatch(vertx, original.stream(), config, this::startUpstreamClock);
            context.request().setBody(Body.body(body, original.length()));
        }
        return context.sendRequest().onComplete(ar -> stopUpstreamClock()).recover(failure -> answer(context, failure));
    }

    @Override
    public Future<Void> handleProxyResponse(ProxyContext context) {
        ProxyResponse response = context.response();
        if (problem == null) {
            screen(response);
        }
        boolean close = problem != null && !request.isEnded();
        if (close) {
            response.putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
        }
        return context.sendResponse().onComplete(ar -> {
            if (close) {
                replies.closeWhenBodyIsIn(request);
            }
        });
    }

    /** Service errors without a JSON body become problems; streamed bodies get the stall watch. */
    private void screen(ProxyResponse response) {
        if (response.getStatusCode() >= 400 && !isJson(response.headers().get(HttpHeaders.CONTENT_TYPE))) {
            replace(response, GatewayProblem.forStatus(response.getStatusCode()));
            return;
        }
        Body responseBody = response.getBody();
        if (responseBody == null) {
            return;
        }
        if (request.version() == HttpVersion.HTTP_1_0 && responseBody.length() < 0) {
            // vertx-http-proxy would buffer a streamed body whole for an HTTP/1.0 client: memory without bound.
            problem = GatewayProblem.http10StreamRefused();
            replace(response, problem);
            return;
        }
        response.setBody(Body.body(new StallWatch(vertx, responseBody.stream(), config.responseStallTimeout()),
                responseBody.length()));
    }

    private void replace(ProxyResponse response, GatewayProblem replacement) {
        MultiMap kept = MultiMap.caseInsensitiveMultiMap();
        for (String name : new String[] {"Retry-After", "WWW-Authenticate", "Allow"}) {
            if (response.headers().contains(name)) {
                kept.set(name, response.headers().getAll(name));
            }
        }
        response.release(); // drains the service's body so its connection goes back to the pool
        response.headers().addAll(kept);
        response.setStatusCode(replacement.status()).setStatusMessage(null)
                .putHeader(HttpHeaders.CONTENT_TYPE, GatewayProblem.MEDIA_TYPE)
                .setBody(Body.body(replacement.json(request.path())));
    }

    private Future<ProxyResponse> answer(ProxyContext context, Throwable failure) {
        problem = classify(failure);
        if (body != null) {
            body.stop();
        }
        ProxyResponse response = context.request().release().response()
                .setStatusCode(problem.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, GatewayProblem.MEDIA_TYPE)
                .setBody(Body.body(problem.json(request.path())));
        if (problem.status() == 503) {
            response.putHeader("Retry-After", "5");
        }
        return Future.succeededFuture(response);
    }

    private GatewayProblem classify(Throwable failure) {
        if (body != null && body.cut() == BodyWatch.Cut.TOO_LARGE) {
            return GatewayProblem.payloadTooLarge(config.maxBodyBytes());
        }
        if (body != null && body.cut() == BodyWatch.Cut.TOO_SLOW) {
            return GatewayProblem.bodyTooSlow(config);
        }
        if (upstreamTimedOut) {
            return GatewayProblem.upstreamTimeout(service,
                    "answer within " + config.upstreamTimeout().toMillis() + " ms");
        }
        if (failure instanceof ConnectionPoolTooBusyException) {
            return GatewayProblem.serviceUnavailable(service + " has too many requests waiting.");
        }
        if (failure instanceof TimeoutException) {
            return GatewayProblem.upstreamTimeout(service,
                    "accept a connection within " + config.upstreamConnectTimeout().toMillis() + " ms");
        }
        return GatewayProblem.upstreamUnreachable(service);
    }

    /**
     * X-Forwarded-For is the one client address the gateway resolved (see {@link ForwardedClient}), never what the
     * client wrote; X-Forwarded-Proto is kept only from a trusted proxy (which may have terminated TLS).
     */
    private void forwardClient(MultiMap headers) {
        CLIENT_WRITTEN.forEach(headers::remove);
        headers.set("X-Forwarded-For", client.forwarded());
        String proto = headers.get("X-Forwarded-Proto");
        boolean believed = client.viaTrustedProxy() && ("http".equals(proto) || "https".equals(proto));
        if (!believed) {
            headers.set("X-Forwarded-Proto", request.scheme() == null ? "http" : request.scheme());
        }
    }

    private void startUpstreamClock() {
        if (upstreamClock >= 0 || upstreamAnswered) {
            return;
        }
        upstreamClock = vertx.setTimer(config.upstreamTimeout().toMillis(), t -> {
            upstreamTimedOut = true;
            if (upstream != null) {
                upstream.reset(0, new TimeoutException("no response head in time"));
            }
        });
    }

    private void stopUpstreamClock() {
        upstreamAnswered = true;
        if (upstreamClock >= 0) {
            vertx.cancelTimer(upstreamClock);
        }
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || type.endsWith("+json");
    }
}
