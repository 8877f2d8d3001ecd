package dev.persona.bench.grounding;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.persona.bench.grounding.JobWatcher.JobOutcome;
import dev.persona.bench.grounding.metrics.Figures;
import dev.persona.bench.grounding.metrics.QuestionResult;
import dev.persona.bench.grounding.metrics.TranscriptResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Everything a run saw, for calibrating thresholds offline on the dev split. */
record Report(String startedAt, String baseUrl, String split, double seconds, Map<String, Figures> figures,
        List<JobOutcome> jobs, List<TranscriptResult> transcripts, List<QuestionResult> questions) {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    void write(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            JSON.writeValue(file.toFile(), this);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the report " + file, e);
        }
    }
}
