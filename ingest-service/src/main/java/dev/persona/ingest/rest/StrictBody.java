package dev.persona.ingest.rest;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.persona.common.problem.ApiException;
import dev.persona.common.problem.ErrorCodes;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A request body that refuses fields it does not define, such as {@code "$where"} or {@code "ownerId"}, instead of
 * silently ignoring them. Values are typed, so operator objects in known fields fail at parsing.
 */
public abstract class StrictBody {
    @JsonIgnore
    private final Set<String> unknown = new LinkedHashSet<>();

    @JsonAnySetter
    void unknownField(String name, Object value) {
        unknown.add(name);
    }

    public void requireKnownFieldsOnly() {
        if (!unknown.isEmpty()) {
            throw ApiException.badRequest(ErrorCodes.INVALID_FIELD,
                    "Unknown field '" + unknown.iterator().next() + "'; accepted fields are name, description, language.");
        }
    }
}
