package dev.persona.launcher;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.buffer.Buffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An RFC 7807 problem the gateway answers itself, in the shape of common's Problem (type, title, status, detail,
 * code, instance) so that a client sees one error format whether a service or the gateway refused it. The launcher
 * does not depend on common: that would bring Quarkus, Kafka and the embedding models into the launcher's classpath.
 */
record GatewayProblem(int status, String code, String title, String detail) {
    static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://persona.dev/problems/";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The same strings as common's ErrorCodes. */
    static final String PATH_NOT_ALLOWED = "path-not-allowed";
    static final String NOT_FOUND = "not-found";
    static final String PAYLOAD_TOO_LARGE = "payload-too-large";
    static final String BAD_GATEWAY = "bad-gateway";
    static final String GATEWAY_TIMEOUT = "gateway-timeout";
    static final String SERVICE_UNAVAILABLE = "service-unavailable";
    static final String RATE_LIMITED = "rate-limited";
    static final String BAD_REQUEST = "bad-request";
    static final String INTERNAL_ERROR = "internal-error";
    /** Not in common's ErrorCodes (yet): only the gateway answers these. */
    static final String REQUEST_TIMEOUT = "request-timeout";
    static final String HEADER_TOO_LARGE = "header-too-large";
    static final String URI_TOO_LONG = "uri-too-long";
    static final String HTTP_VERSION_NOT_SUPPORTED = "http-version-not-supported";

    static GatewayProblem pathNotAllowed(String detail) {
        return new GatewayProblem(400, PATH_NOT_ALLOWED, "Path not allowed", detail);
    }

    static GatewayProblem notFound(String path) {
        return new GatewayProblem(404, NOT_FOUND, "Not found", "No service answers " + path + ".");
    }

    static GatewayProblem payloadTooLarge(long maxBytes) {
        return new GatewayProblem(413, PAYLOAD_TOO_LARGE, "Payload too large",
                "The request body is larger than the " + maxBytes + " bytes the gateway accepts.");
    }

    static GatewayProblem bodyTooSlow(GatewayConfig config) {
        return new GatewayProblem(408, REQUEST_TIMEOUT, "Request timeout", "The request body came slower than "
                + config.minBodyRate() + " bytes/s over " + config.bodyTimeout().toMillis() + " ms.");
    }

    static GatewayProblem tooManyConnections(int perClient) {
        return new GatewayProblem(429, RATE_LIMITED, "Too many connections",
                "This client already holds " + perClient + " connections to the gateway.");
    }

    static GatewayProblem badRequest(String detail) {
        return new GatewayProblem(400, BAD_REQUEST, "Bad request", detail);
    }

    static GatewayProblem upstreamUnreachable(String service) {
        return new GatewayProblem(502, BAD_GATEWAY, "Bad gateway", service + " could not be reached.");
    }

    static GatewayProblem upstreamTimeout(String service, String what) {
        return new GatewayProblem(504, GATEWAY_TIMEOUT, "Gateway timeout", service + " did not " + what + ".");
    }

    static GatewayProblem serviceUnavailable(String detail) {
        return new GatewayProblem(503, SERVICE_UNAVAILABLE, "Service unavailable", detail);
    }

    static GatewayProblem http10StreamRefused() {
        return new GatewayProblem(505, HTTP_VERSION_NOT_SUPPORTED, "HTTP version not supported",
                "This response is streamed; it needs HTTP/1.1.");
    }

    /** For an error a service (or Vert.x in front of it) answered without a JSON body, like a bare 413. */
    static GatewayProblem forStatus(int status) {
        return switch (status) {
            case 400 -> badRequest("The service refused the request.");
            case 401 -> new GatewayProblem(401, "unauthorized", "Unauthorized", "A valid access token is needed.");
            case 403 -> new GatewayProblem(403, "forbidden", "Forbidden", "The request is not allowed.");
            case 404 -> new GatewayProblem(404, NOT_FOUND, "Not found", "Nothing answers this path.");
            case 405 -> new GatewayProblem(405, "method-not-allowed", "Method not allowed",
                    "The path does not take this method.");
            case 408 -> new GatewayProblem(408, REQUEST_TIMEOUT, "Request timeout", "The request came too slowly.");
            case 413 -> new GatewayProblem(413, PAYLOAD_TOO_LARGE, "Payload too large",
                    "The request body is larger than the service accepts.");
            case 414 -> uriTooLong();
            case 415 -> new GatewayProblem(415, "unsupported-media-type", "Unsupported media type",
                    "The service does not take this Content-Type.");
            case 429 -> new GatewayProblem(429, RATE_LIMITED, "Too many requests", "Slow down and retry later.");
            case 431 -> headerTooLarge();
            case 502 -> new GatewayProblem(502, BAD_GATEWAY, "Bad gateway", "The service failed to answer.");
            case 503 -> serviceUnavailable("The service cannot answer right now.");
            case 504 -> new GatewayProblem(504, GATEWAY_TIMEOUT, "Gateway timeout", "The service timed out.");
            default -> status < 500 ? new GatewayProblem(status, BAD_REQUEST, "Bad request", "The request failed.")
                    : new GatewayProblem(status, INTERNAL_ERROR, "Internal error", "The service failed.");
        };
    }

    static GatewayProblem uriTooLong() {
        return new GatewayProblem(414, URI_TOO_LONG, "URI too long", "The request line is too long.");
    }

    static GatewayProblem headerTooLarge() {
        return new GatewayProblem(431, HEADER_TOO_LARGE, "Request header fields too large",
                "The request headers are too large.");
    }

    /** The JSON body; {@code instance} (the request path) is left out when null. */
    Buffer json(String instance) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", TYPE_BASE + code);
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        body.put("code", code);
        if (instance != null) {
            body.put("instance", instance);
        }
        try {
            return Buffer.buffer(JSON.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e); // strings and ints always serialise
        }
    }
}
