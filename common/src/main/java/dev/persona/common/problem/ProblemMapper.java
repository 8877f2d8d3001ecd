package dev.persona.common.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.mongodb.MongoException;
import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every failure into RFC 7807 problem+json with a stable code. Requires
 * {@code quarkus.http.auth.proactive=false} so that authentication failures reach these mappers too.
 */
public class ProblemMapper {
    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @ServerExceptionMapper
    public Response api(ApiException e, UriInfo uri) {
        Response.ResponseBuilder builder = builder(e.toProblem(), uri);
        e.headers().forEach(builder::header);
        return builder.build();
    }

    @ServerExceptionMapper(priority = 1)
    public Response mismatched(MismatchedInputException e, UriInfo uri) {
        String field = fieldPath(e);
        String detail = e instanceof UnrecognizedPropertyException
                ? "Unknown field '" + field + "'."
                : "Field '" + field + "' has the wrong type; operators and objects are not accepted where a value is expected.";
        return respond(Problem.of(400, ErrorCodes.INVALID_FIELD, "Invalid field", detail)
                .withErrors(List.of(new Problem.FieldError(field, "wrong type"))), uri);
    }

    @ServerExceptionMapper(priority = 2)
    public Response malformed(JsonProcessingException e, UriInfo uri) {
        return respond(Problem.of(400, ErrorCodes.MALFORMED_JSON, "Malformed JSON",
                "The request body is not valid JSON."), uri);
    }

    @ServerExceptionMapper
    public Response violations(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(lastNode(v.getPropertyPath().toString()), v.getMessage()))
                .sorted((a, b) -> a.field().compareTo(b.field()))
                .collect(Collectors.toList());
        return respond(Problem.of(400, ErrorCodes.VALIDATION_FAILED, "Validation failed",
                "One or more fields are invalid.").withErrors(errors), uri);
    }

    @ServerExceptionMapper
    public Response unauthenticated(AuthenticationFailedException e, UriInfo uri) {
        return unauthorized(uri);
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, UriInfo uri) {
        return unauthorized(uri);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return respond(Problem.of(403, ErrorCodes.FORBIDDEN, "Forbidden", "You may not do this."), uri);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        // Quarkus REST reports unreadable JSON bodies as a 400 wrapping Jackson's exception.
        if (e.getCause() instanceof MismatchedInputException mismatch) {
            return mismatched(mismatch, uri);
        }
        if (e.getCause() instanceof JsonProcessingException json) {
            return malformed(json, uri);
        }
        if (status >= 500) {
            LOG.error("Request failed", e);
        }
        Problem problem = switch (status) {
            case 400 -> Problem.of(400, ErrorCodes.BAD_REQUEST, "Bad request", safe(e.getMessage()));
            case 401 -> Problem.of(401, ErrorCodes.UNAUTHORIZED, "Unauthorized", "A valid bearer token is required.");
            case 403 -> Problem.of(403, ErrorCodes.FORBIDDEN, "Forbidden", "You may not do this.");
            case 404 -> Problem.of(404, ErrorCodes.NOT_FOUND, "Not found", "No such resource.");
            case 405 -> Problem.of(405, ErrorCodes.METHOD_NOT_ALLOWED, "Method not allowed",
                    "This route does not accept that method.");
            case 406 -> Problem.of(406, ErrorCodes.NOT_ACCEPTABLE, "Not acceptable",
                    "The requested representation is not available.");
            case 413 -> Problem.of(413, ErrorCodes.PAYLOAD_TOO_LARGE, "Payload too large", safe(e.getMessage()));
            case 415 -> Problem.of(415, ErrorCodes.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type",
                    "The request body's content type is not accepted here.");
            default -> status >= 500
                    ? Problem.of(status, ErrorCodes.INTERNAL_ERROR, "Internal error", "Something went wrong on our side.")
                    : Problem.of(status, ErrorCodes.BAD_REQUEST, "Request failed", safe(e.getMessage()));
        };
        Response.ResponseBuilder builder = builder(problem, uri);
        if (status == 405 && e.getResponse().getHeaderString(HttpHeaders.ALLOW) != null) {
            builder.header(HttpHeaders.ALLOW, e.getResponse().getHeaderString(HttpHeaders.ALLOW));
        }
        return builder.build();
    }

    /**
     * The store out of reach (no server selected in time, a connection dropped, an operation over its time limit): a
     * passing condition the client may retry, not a fault of its request.
     */
    @ServerExceptionMapper({MongoTimeoutException.class, MongoSocketException.class,
            MongoExecutionTimeoutException.class})
    public Response storeUnavailable(MongoException e, UriInfo uri) {
        LOG.warnf("The store is unavailable: %s", e.toString());
        return builder(Problem.of(503, ErrorCodes.SERVICE_UNAVAILABLE, "Service unavailable",
                "The data store cannot be reached right now; try again shortly."), uri)
                .header("Retry-After", "5").build();
    }

    @ServerExceptionMapper(priority = 10_000)
    public Response unexpected(Throwable e, UriInfo uri) {
        LOG.error("Unexpected failure", e);
        return respond(Problem.of(500, ErrorCodes.INTERNAL_ERROR, "Internal error",
                "Something went wrong on our side."), uri);
    }

    private static Response unauthorized(UriInfo uri) {
        return builder(Problem.of(401, ErrorCodes.UNAUTHORIZED, "Unauthorized",
                "A valid, unexpired bearer token is required."), uri)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .build();
    }

    public static Response respond(Problem problem, UriInfo uri) {
        return builder(problem, uri).build();
    }

    public static Response.ResponseBuilder builder(Problem problem, UriInfo uri) {
        Problem withPath = uri == null ? problem : problem.withInstance(uri.getPath());
        return Response.status(withPath.status()).type(Problem.MEDIA_TYPE).entity(withPath);
    }

    private static String fieldPath(MismatchedInputException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
        return path.isEmpty() ? "(body)" : path;
    }

    private static String lastNode(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }

    private static String safe(String message) {
        return message == null || message.isBlank() ? "The request could not be processed." : message;
    }
}
