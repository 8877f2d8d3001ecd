package dev.persona.ingest.text;

import dev.persona.common.problem.ApiException;
import dev.persona.common.problem.ErrorCodes;
import java.time.Duration;
import java.util.Map;

/**
 * The refusals of document parsing, each naming the bound (and its configuration key) that was crossed, so the
 * client knows what to change and the operator what to tune.
 */
public final class DocumentProblems {
    static final String PREFIX = "persona.ingest.documents.";

    private DocumentProblems() {
    }

    /** 413: the document is bigger than a size bound (pages, characters, inflated bytes, stored text). */
    public static ApiException tooLarge(String what, long limit, String key) {
        return new ApiException(413, ErrorCodes.PAYLOAD_TOO_LARGE, "Payload too large",
                "The document has more than " + limit + " " + what + "; at most " + limit + " are accepted ("
                        + PREFIX + key + ").");
    }

    /** 413 for a fixed bound that has no configuration key. */
    public static ApiException tooLarge(String detail) {
        return new ApiException(413, ErrorCodes.PAYLOAD_TOO_LARGE, "Payload too large", detail);
    }

    /** 422: the structure is deeper or more fragmented than a complexity bound allows. */
    public static ApiException tooComplex(String detail) {
        return new ApiException(422, ErrorCodes.TOO_COMPLEX, "Document too complex", detail);
    }

    public static ApiException tooComplex(String what, long limit, String key) {
        return tooComplex("The document has more than " + limit + " " + what + "; at most " + limit
                + " are accepted (" + PREFIX + key + ").");
    }

    /** 422: a parser ran out of stack or memory; the input is built to exhaust it, not a fault of ours. */
    public static ApiException exhausted(Throwable error) {
        return tooComplex("The document is too deeply nested or too large to read ("
                + error.getClass().getSimpleName() + ").");
    }

    public static ApiException parseTimeout(Duration budget) {
        return new ApiException(422, ErrorCodes.PARSE_TIMEOUT, "Parse timeout",
                "Reading the document took longer than " + budget.toMillis() + " ms (" + PREFIX
                        + "parse-timeout); split it or upload a simpler copy.");
    }

    public static ApiException corrupt(String detail) {
        return new ApiException(422, ErrorCodes.CORRUPT_MEDIA, "Corrupt document", detail);
    }

    /** 503: every parse worker is busy and the queue is full (or waiting took too long); nothing was read. */
    public static ApiException busy(long retryAfterSeconds) {
        return new ApiException(503, ErrorCodes.SERVICE_UNAVAILABLE, "Service unavailable",
                "Too many documents are being read right now; nothing was stored. Try again shortly.",
                Map.of("Retry-After", Long.toString(Math.max(1, retryAfterSeconds))));
    }
}
