package dev.persona.bench.grounding.corpus;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The personas under the corpus folder: one sub-folder each, with persona.json and documents/. */
public record Corpus(List<PersonaCase> personas) {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** How persona.json is written; documents are file names under documents/. */
    private record PersonaFile(String id, String name, String description, String split,
            List<RecordingScript> recordings, List<String> documents, List<Question> questions) {
    }

    public static Corpus load(Path folder) {
        List<PersonaCase> personas = new ArrayList<>();
        try (Stream<Path> children = Files.list(folder)) {
            for (Path dir : children.filter(p -> Files.isRegularFile(p.resolve("persona.json"))).sorted().toList()) {
                personas.add(read(dir));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the corpus in " + folder, e);
        }
        return new Corpus(personas);
    }

    private static PersonaCase read(Path dir) throws IOException {
        PersonaFile file = JSON.readValue(dir.resolve("persona.json").toFile(), PersonaFile.class);
        List<DocumentSource> documents = file.documents() == null ? List.of()
                : file.documents().stream().map(name -> DocumentSource.read(dir.resolve("documents").resolve(name)))
                        .toList();
        return new PersonaCase(file.id(), file.name(), file.description(), file.split(), file.recordings(), documents,
                file.questions());
    }

    /** The personas of a split ("dev", "holdout" or "all"), at most {@code limit} of them, in corpus order. */
    public List<PersonaCase> select(String split, int limit) {
        return personas.stream().filter(p -> "all".equals(split) || p.split().equals(split)).limit(limit).toList();
    }
}
