package dev.persona.ingest.admin;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.persona.common.problem.ApiException;
import dev.persona.common.problem.ErrorCodes;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Body of {@code POST /admin/replay}: {@code {stage, personaId?, dryRun?, method?}}. Values are typed, so an operator
 * object where a string is expected fails at parsing (400 invalid-field); unknown fields are refused too.
 */
public class ReplayRequest {
    /** Persona ids are UUIDs; anything else cannot name one and is not sent to MongoDB. */
    private static final Pattern PERSONA_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

    public String stage;
    public String personaId;
    public Boolean dryRun;
    public String method;

    @JsonIgnore
    private final Set<String> unknown = new LinkedHashSet<>();

    @JsonAnySetter
    void unknownField(String name, Object value) {
        unknown.add(name);
    }

    /** The request as the service uses it, or 400 with the field at fault. */
    public Checked check() {
        if (!unknown.isEmpty()) {
            throw ApiException.badRequest(ErrorCodes.INVALID_FIELD, "Unknown field '" + unknown.iterator().next()
                    + "'; accepted fields are stage, personaId, dryRun, method.");
        }
        ReplayStage parsedStage = ReplayStage.parse(stage);
        ReplayMethod parsedMethod = ReplayMethod.parse(method);
        if (personaId != null && !PERSONA_ID.matcher(personaId).matches()) {
            throw ApiException.badRequest(ErrorCodes.VALIDATION_FAILED, "'personaId' is not a persona id.");
        }
        if (personaId != null && parsedMethod == ReplayMethod.offsets) {
            throw ApiException.badRequest(ErrorCodes.VALIDATION_FAILED, "The offsets method replays every persona;"
                    + " replay one persona with the reemit method.");
        }
        return new Checked(parsedStage, parsedMethod, personaId, Boolean.TRUE.equals(dryRun));
    }

    public record Checked(ReplayStage stage, ReplayMethod method, String personaId, boolean dryRun) {
    }
}
