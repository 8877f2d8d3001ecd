package dev.persona.chat.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.persona.chat.config.ChatConfig;
import dev.persona.common.problem.ApiException;
import dev.persona.common.problem.ErrorCodes;
import dev.persona.common.problem.Problem;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * problem+json answers written at the Vert.x level (before or outside Quarkus REST and its exception mappers), and
 * what then happens to a request body nobody read: it is read and thrown away, up to the body limit, so the client
 * gets its answer and the connection can be reused; past the limit, for a client waiting for {@code 100 Continue},
 * or after a refusal for size, the connection closes. An early refusal never stores or buffers a byte of the body.
 */
@ApplicationScoped
public class VertxProblems {
    private static final Logger LOG = Logger.getLogger(VertxProblems.class);

    @Inject
    ObjectMapper json;

    @Inject
    ChatConfig config;

    /** The largest JSON body ({@code persona.chat.max-body-size}). */
    public long maxBodyBytes() {
        return config.maxBodySize().asLongValue();
    }

    /** The largest body of this request's route: audio for voice chat, JSON everywhere else. */
    public long maxBodyBytes(RoutingContext ctx) {
        return VoiceChatRoute.matches(ctx.normalizedPath()) ? config.voiceChat().maxBytes().asLongValue()
                : maxBodyBytes();
    }

    /**
     * 413 {@code payload-too-large}, naming the limit. A body declared too large closes the connection unread; a
     * chunked one that grew past the limit is dropped for at most another limit's worth, so the client gets its
     * answer, then the connection closes.
     */
    public void payloadTooLarge(RoutingContext ctx) {
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        send(ctx, Problem.of(413, ErrorCodes.PAYLOAD_TOO_LARGE, "Payload too large",
                "The request body is larger than " + maxBodyBytes(ctx) + " bytes."), length != null);
    }

    /** The problem an {@link ApiException} stands for, or 500 for anything else (logged, never shown). */
    public void fail(RoutingContext ctx, Throwable failure) {
        if (failure instanceof ApiException api) {
            Map<String, String> headers = new HashMap<>(api.headers());
            if (api.status() == 401) {
                headers.put("WWW-Authenticate", "Bearer");
            }
            send(ctx, api.toProblem(), headers, false);
            return;
        }
        LOG.error("Request failed", failure);
        send(ctx, Problem.of(500, ErrorCodes.INTERNAL_ERROR, "Internal error", "Something went wrong on our side."),
                false);
    }

    public void send(RoutingContext ctx, Problem problem, boolean closeConnection) {
        send(ctx, problem, Map.of(), closeConnection);
    }

    /** Writes {@code problem} unless a response is already under way (then that response is just ended). */
    public void send(RoutingContext ctx, Problem problem, Map<String, String> headers, boolean closeConnection) {
        HttpServerResponse response = ctx.response();
        if (response.headWritten()) {
            if (!response.ended()) {
                response.end();
            }
            return;
        }
        String body;
        try {
            body = json.writeValueAsString(problem.withInstance(ctx.normalizedPath()));
        } catch (JsonProcessingException e) {
            body = "{\"status\":" + problem.status() + ",\"code\":\"" + problem.code() + "\"}";
        }
        HttpServerRequest request = ctx.request();
        long limit = maxBodyBytes(ctx);
        boolean close = closeConnection || !request.isEnded() && !discardable(request, limit);
        if (close && request.version() != HttpVersion.HTTP_2) {
            response.putHeader(HttpHeaders.CONNECTION, "close");
        }
        headers.forEach(response::putHeader);
        response.setStatusCode(problem.status()).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
        response.end(body).onComplete(written -> {
            if (close) {
                stopReading(ctx);
            }
        });
        if (!close) {
            discardUnreadBody(request, limit);
        }
    }

    /**
     * A body the client is sending anyway: cheaper to read (and drop, at most the body limit of it) than to make
     * the client fail on a closed connection. A client waiting for {@code 100 Continue} sends nothing more, so
     * that connection closes instead.
     */
    private static boolean discardable(HttpServerRequest request, long limit) {
        if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
            return false;
        }
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        try {
            return length == null || Long.parseLong(length.strip()) <= limit;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static void discardUnreadBody(HttpServerRequest request, long limit) {
        if (request.isEnded()) {
            return;
        }
        AtomicLong seen = new AtomicLong();
        request.exceptionHandler(e -> {
        });
        request.handler(chunk -> {
            if (seen.addAndGet(chunk.length()) > limit) {
                request.connection().close();
            }
        });
        request.resume();
    }

    private static void stopReading(RoutingContext ctx) {
        if (ctx.request().version() == HttpVersion.HTTP_2) {
            ctx.response().reset();
        } else {
            ctx.request().connection().close();
        }
    }
}
