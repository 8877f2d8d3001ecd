package dev.persona.common.problem;

import java.util.Map;

/** A failure the client caused or must know about, mapped to problem+json with a stable code. */
public class ApiException extends RuntimeException {
    private final int status;
    private final String code;
    private final String title;
    private final Map<String, String> headers;

    public ApiException(int status, String code, String title, String detail) {
        this(status, code, title, detail, Map.of());
    }

    public ApiException(int status, String code, String title, String detail, Map<String, String> headers) {
        super(detail);
        this.status = status;
        this.code = code;
        this.title = title;
        this.headers = Map.copyOf(headers);
    }

    public static ApiException badRequest(String code, String detail) {
        return new ApiException(400, code, "Bad request", detail);
    }

    public static ApiException notFound(String code, String detail) {
        return new ApiException(404, code, "Not found", detail);
    }

    public static ApiException conflict(String code, String detail) {
        return new ApiException(409, code, "Conflict", detail);
    }

    public static ApiException unauthorized(String code, String detail) {
        return new ApiException(401, code, "Unauthorized", detail);
    }

    public static ApiException tooManyRequests(String code, String detail, long retryAfterSeconds) {
        return new ApiException(429, code, "Too many requests", detail,
                Map.of("Retry-After", Long.toString(Math.max(1, retryAfterSeconds))));
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String title() {
        return title;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public Problem toProblem() {
        return Problem.of(status, code, title, getMessage());
    }
}
