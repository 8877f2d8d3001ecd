package dev.persona.common.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An RFC 7807 problem document. {@code code} is the stable, machine-readable reason clients switch on; the
 * titles and details are for people and may change.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String code, String instance,
        List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://persona.dev/problems/";

    public static Problem of(int status, String code, String title, String detail) {
        return new Problem(TYPE_BASE + code, title, status, detail, code, null, null);
    }

    public Problem withInstance(String path) {
        return new Problem(type, title, status, detail, code, path, errors);
    }

    public Problem withErrors(List<FieldError> fieldErrors) {
        return new Problem(type, title, status, detail, code, instance, fieldErrors);
    }

    public record FieldError(String field, String message) {
    }
}
