package dev.persona.launcher;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.time.Duration;

/** How the gateway answers by itself, and how it lets go of a connection whose request body it will not read. */
final class Replies {
    private final Vertx vertx;
    private final Duration linger;

    Replies(Vertx vertx, Duration linger) {
        this.vertx = vertx;
        this.linger = linger;
    }

    /** Answers {@code problem}; the connection closes after it when the body is still coming or {@code close}. */
    Future<Void> problem(HttpServerRequest request, GatewayProblem problem, String instance, boolean close) {
        boolean closing = close || !request.isEnded();
        if (closing) {
            // Nobody reads the rest of this body; until the connection closes it is dropped, not buffered.
            drop(request);
        }
        HttpServerResponse response = request.response().setStatusCode(problem.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, GatewayProblem.MEDIA_TYPE);
        if (problem.status() == 503 || problem.status() == 429) {
            response.putHeader("Retry-After", "5");
        }
        if (closing) {
            response.putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
        }
        return response.end(problem.json(instance)).onComplete(ar -> {
            if (closing) {
                closeWhenBodyIsIn(request);
            }
        });
    }

    /**
     * Closes the connection once the client has sent the rest of its body, or after the linger time. Closing at once
     * while bytes are still arriving makes the kernel answer with RST, and the client may never read the error.
     */
    void closeWhenBodyIsIn(HttpServerRequest request) {
        HttpConnection connection = request.connection();
        if (request.isEnded()) {
            connection.close();
            return;
        }
        long timer = vertx.setTimer(linger.toMillis(), t -> connection.close());
        request.endHandler(v -> {
            vertx.cancelTimer(timer);
            connection.close();
        });
        request.exceptionHandler(t -> vertx.cancelTimer(timer));
        drop(request);
    }

    private static void drop(HttpServerRequest request) {
        if (!request.isEnded()) {
            request.handler(data -> {
            });
            request.resume();
        }
    }
}
