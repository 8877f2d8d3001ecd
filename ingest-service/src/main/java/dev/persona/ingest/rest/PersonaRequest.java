package dev.persona.ingest.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Body of POST /personas. */
public class PersonaRequest extends StrictBody {
    static final String LANGUAGE = "^[a-z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}$";

    @NotBlank
    @Size(max = 100)
    public String name;

    @Size(max = 2000)
    public String description;

    @Pattern(regexp = LANGUAGE, message = "must be a language tag such as en or pt-BR")
    public String language;
}
