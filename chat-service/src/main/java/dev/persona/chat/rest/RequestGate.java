package dev.persona.chat.rest;

import dev.persona.common.problem.ApiException;
import dev.persona.common.problem.ErrorCodes;
import dev.persona.common.problem.Problem;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.HttpException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * What every request that carries a body passes before any byte of that body is read, on every route (Quarkus
 * REST and the Vert.x {@code /v1} route alike), while Quarkus keeps the request paused:
 * <ol>
 * <li>a declared {@code Content-Length} over the route's limit ({@code persona.chat.max-body-size}, or
 * {@code persona.chat.voice-chat.max-bytes} for voice chat) is 413 problem+json (ahead of Quarkus's own check, a
 * backstop above both, which answers a bare 413);</li>
 * <li>no valid bearer token is 401 problem+json;</li>
 * <li>a body that is not JSON (multipart/form-data, form-urlencoded, anything else) is 415 problem+json: no route
 * here but voice chat takes anything but JSON, so nothing is ever parsed as a form or stored as an upload; voice
 * chat's audio body is left to {@link VoiceChatRoute}, which holds it in memory, bounded, and never parses it;</li>
 * <li>only then is the body read, into memory (never to disk), up to the same limit: a chunked body that passes it
 * is 413 problem+json. Quarkus REST and the {@code /v1} route both take the body read here.</li>
 * </ol>
 * Vert.x-level failures become problem+json too.
 */
@ApplicationScoped
public class RequestGate {
    /** Routing-context key of the verified token's subject, for routes outside Quarkus REST. */
    public static final String OWNER = "persona.owner";
    private static final Set<HttpMethod> BODY_METHODS = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH);
    private static final BiConsumer<RoutingContext, Throwable> IGNORE_AUTH_FAILURE = (ctx, failure) -> {
    };

    @Inject
    VertxProblems problems;

    private BodyHandler bodies;

    void register(@Observes Router router) {
        bodies = BodyHandler.create(false).setBodyLimit(problems.maxBodyBytes()).setDeleteUploadedFilesOnEnd(true);
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::refuseDeclaredOversize);
        // After Quarkus's authentication filter (which only prepares the deferred identity; auth is not proactive).
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT + 1).handler(this::authenticateBeforeBody);
        router.route().failureHandler(this::problemForHttpFailure);
    }

    /** The subject the gate verified for this request, or {@code null} if the request did not pass it. */
    public static String owner(RoutingContext ctx) {
        return ctx.get(OWNER);
    }

    void refuseDeclaredOversize(RoutingContext ctx) {
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && declaredLength(length) > problems.maxBodyBytes(ctx)) {
            problems.payloadTooLarge(ctx);
            return;
        }
        ctx.next();
    }

    void authenticateBeforeBody(RoutingContext ctx) {
        if (!carriesBody(ctx.request()) || ctx.normalizedPath().startsWith("/q/")) {
            ctx.next();
            return;
        }
        Context requestContext = Vertx.currentContext();
        // A failed token would otherwise make Quarkus answer its own bare 401 challenge; this gate answers instead.
        ctx.put(QuarkusHttpUser.AUTH_FAILURE_HANDLER, IGNORE_AUTH_FAILURE);
        QuarkusHttpUser.getSecurityIdentity(ctx, null).subscribe().with(
                identity -> requestContext.runOnContext(v -> admit(ctx, identity)),
                failure -> requestContext.runOnContext(v -> unauthorized(ctx)));
    }

    private void admit(RoutingContext ctx, SecurityIdentity identity) {
        String subject = identity == null || identity.isAnonymous()
                || !(identity.getPrincipal() instanceof JsonWebToken jwt) ? null : jwt.getSubject();
        if (subject == null || subject.isBlank()) {
            unauthorized(ctx);
            return;
        }
        if (VoiceChatRoute.matches(ctx.normalizedPath())) {
            ctx.put(OWNER, subject);
            ctx.next();
            return;
        }
        if (!isJson(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE))) {
            problems.send(ctx, Problem.of(415, ErrorCodes.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type",
                    "Request bodies must be application/json."), false);
            return;
        }
        ctx.put(OWNER, subject);
        bodies.handle(ctx);
    }

    private void unauthorized(RoutingContext ctx) {
        problems.send(ctx, Problem.of(401, ErrorCodes.UNAUTHORIZED, "Unauthorized",
                "A valid, unexpired bearer token is required."), Map.of("WWW-Authenticate", "Bearer"), false);
    }

    /** Failures at the Vert.x level (Quarkus REST maps its own through ProblemMapper) as problem+json. */
    void problemForHttpFailure(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        int status = failure instanceof HttpException http ? http.getStatusCode() : ctx.statusCode();
        if (status == 413) {
            problems.payloadTooLarge(ctx);
        } else if (failure instanceof ApiException) {
            problems.fail(ctx, failure);
        } else if (failure instanceof AuthenticationFailedException || failure instanceof UnauthorizedException
                || status == 401) {
            unauthorized(ctx);
        } else if (failure instanceof ForbiddenException || status == 403) {
            problems.send(ctx, Problem.of(403, ErrorCodes.FORBIDDEN, "Forbidden", "You may not do this."), false);
        } else if (status >= 400 && status < 500) {
            problems.send(ctx, Problem.of(status, clientErrorCode(status), "Request failed",
                    "The request could not be processed."), false);
        } else {
            problems.fail(ctx, failure == null ? new IllegalStateException("HTTP failure " + status) : failure);
        }
    }

    private static String clientErrorCode(int status) {
        return switch (status) {
            case 404 -> ErrorCodes.NOT_FOUND;
            case 405 -> ErrorCodes.METHOD_NOT_ALLOWED;
            case 415 -> ErrorCodes.UNSUPPORTED_MEDIA_TYPE;
            default -> ErrorCodes.BAD_REQUEST;
        };
    }

    private static boolean carriesBody(HttpServerRequest request) {
        return BODY_METHODS.contains(request.method()) || request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null
                || declaredLength(request.getHeader(HttpHeaders.CONTENT_LENGTH)) > 0;
    }

    /** No content type is taken as JSON (the body parser decides); otherwise JSON or a {@code +json} type. */
    static boolean isJson(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return true;
        }
        String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || type.startsWith("application/") && type.endsWith("+json");
    }

    /** A malformed length counts as unbounded (Vert.x refuses such requests itself). */
    private static long declaredLength(String header) {
        if (header == null) {
            return 0;
        }
        try {
            return Long.parseLong(header.strip());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
