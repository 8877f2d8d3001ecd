package dev.persona.ingest.rest;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Body of PATCH /personas/{id}: fields left out stay as they are. */
public class PersonaPatch extends StrictBody {
    @Size(min = 1, max = 100)
    @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank")
    public String name;

    @Size(max = 2000)
    public String description;

    @Pattern(regexp = PersonaRequest.LANGUAGE, message = "must be a language tag such as en or pt-BR")
    public String language;
}
