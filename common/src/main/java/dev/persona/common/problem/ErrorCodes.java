package dev.persona.common.problem;

/** Stable error codes; part of the HTTP contract, so never rename one. */
public final class ErrorCodes {
    public static final String MALFORMED_JSON = "malformed-json";
    public static final String INVALID_FIELD = "invalid-field";
    public static final String VALIDATION_FAILED = "validation-failed";
    public static final String UNAUTHORIZED = "unauthorized";
    public static final String INVALID_CREDENTIALS = "invalid-credentials";
    public static final String INVALID_GRANT = "invalid-grant";
    public static final String UNSUPPORTED_GRANT_TYPE = "unsupported-grant-type";
    public static final String FORBIDDEN = "forbidden";
    public static final String NOT_FOUND = "not-found";
    public static final String PERSONA_NOT_FOUND = "persona-not-found";
    public static final String METHOD_NOT_ALLOWED = "method-not-allowed";
    public static final String CONFLICT = "conflict";
    public static final String EMAIL_TAKEN = "email-taken";
    public static final String WEAK_PASSWORD = "weak-password";
    public static final String UNSUPPORTED_MEDIA_TYPE = "unsupported-media-type";
    public static final String NOT_ACCEPTABLE = "not-acceptable";
    public static final String PAYLOAD_TOO_LARGE = "payload-too-large";
    public static final String UNSUPPORTED_FORMAT = "unsupported-format";
    public static final String CORRUPT_MEDIA = "corrupt-media";
    public static final String EMPTY_FILE = "empty-file";
    public static final String NO_SPEECH = "no-speech";
    public static final String TOO_LONG = "too-long";
    public static final String RATE_LIMITED = "rate-limited";
    public static final String QUOTA_EXCEEDED = "quota-exceeded";
    public static final String TOO_COMPLEX = "too-complex";
    public static final String PARSE_TIMEOUT = "parse-timeout";
    public static final String PERSONA_DELETING = "persona-deleting";
    public static final String BAD_GATEWAY = "bad-gateway";
    public static final String GATEWAY_TIMEOUT = "gateway-timeout";
    public static final String PATH_NOT_ALLOWED = "path-not-allowed";
    public static final String REQUEST_TIMEOUT = "request-timeout";
    public static final String HEADER_TOO_LARGE = "header-too-large";
    public static final String URI_TOO_LONG = "uri-too-long";
    public static final String HTTP_VERSION_NOT_SUPPORTED = "http-version-not-supported";
    public static final String SERVICE_UNAVAILABLE = "service-unavailable";
    public static final String BAD_REQUEST = "bad-request";
    public static final String INTERNAL_ERROR = "internal-error";

    private ErrorCodes() {
    }
}
