package dev.persona.bench.grounding;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What --reuse keeps between runs against one persistent system: the bench owner's credentials (a throw-away account
 * the bench created) and the personas it uploaded, so a later run only asks the questions again.
 */
record BenchState(String baseUrl, String email, String password, Map<String, UploadedPersona> personas) {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    BenchState {
        personas = new LinkedHashMap<>(personas);
    }

    static Optional<BenchState> read(Path file, String baseUrl) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            BenchState state = JSON.readValue(file.toFile(), BenchState.class);
            return baseUrl.equals(state.baseUrl()) ? Optional.of(state) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the bench state " + file + "; delete it to start afresh", e);
        }
    }

    void write(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            JSON.writeValue(file.toFile(), this);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the bench state " + file, e);
        }
    }
}
