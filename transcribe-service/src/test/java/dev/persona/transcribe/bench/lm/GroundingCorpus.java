package dev.persona.transcribe.bench.lm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The personas of the grounding benchmark ({@code bench/grounding/corpus/<nn-id>/persona.json} and its
 * {@code documents/}), read the way that bench reads them: a document's sentences are its non-blank body lines
 * without an e-mail's header block and without Markdown headings.
 */
public final class GroundingCorpus {
    private static final ObjectMapper JSON = new ObjectMapper();

    public record Recording(String name, String voice, double rate, double gapSec, double leadSec, double tailSec,
            String format, List<String> sentences) {
        public String text() {
            return String.join(" ", sentences);
        }
    }

    public record Document(String name, List<String> lines) {
    }

    public record Persona(String id, String split, List<Recording> recordings, List<Document> documents) {
    }

    private GroundingCorpus() {
    }

    public static List<Persona> read(Path dir) throws IOException {
        List<Persona> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(dir)) {
            for (Path p : dirs.filter(d -> Files.exists(d.resolve("persona.json"))).sorted().toList()) {
                out.add(persona(p));
            }
        }
        return out;
    }

    static Persona persona(Path dir) throws IOException {
        JsonNode root = JSON.readTree(dir.resolve("persona.json").toFile());
        List<Recording> recordings = new ArrayList<>();
        for (JsonNode r : root.path("recordings")) {
            List<String> sentences = new ArrayList<>();
            r.path("sentences").forEach(s -> sentences.add(s.asText()));
            recordings.add(new Recording(r.path("name").asText(), r.path("voice").asText(),
                    r.path("rate").asDouble(1.0), r.path("gapSec").asDouble(0.5), r.path("leadSec").asDouble(0.5),
                    r.path("tailSec").asDouble(0.5), r.path("format").asText("wav"), List.copyOf(sentences)));
        }
        List<Document> documents = new ArrayList<>();
        for (JsonNode d : root.path("documents")) {
            String name = d.asText();
            documents.add(new Document(name,
                    bodyLines(name, Files.readString(dir.resolve("documents").resolve(name), StandardCharsets.UTF_8))));
        }
        return new Persona(root.path("id").asText(), root.path("split").asText("dev"), List.copyOf(recordings),
                List.copyOf(documents));
    }

    static List<String> bodyLines(String fileName, String text) {
        List<String> lines = new ArrayList<>(List.of(text.split("\\R", -1)));
        if (fileName.endsWith(".eml")) {
            int blank = lines.indexOf("");
            lines = blank < 0 ? List.of() : lines.subList(blank + 1, lines.size());
        }
        List<String> body = new ArrayList<>();
        for (String line : lines) {
            String trimmed = line.strip();
            if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                body.add(trimmed);
            }
        }
        return List.copyOf(body);
    }
}
