package dev.persona.bench.grounding.corpus;

import java.util.List;
import java.util.Optional;

/**
 * One persona of the corpus: who they are, what they recorded and wrote, and what they are asked.
 *
 * @param split "dev" (thresholds may be calibrated on it) or "holdout" (only reported)
 */
public record PersonaCase(String id, String name, String description, String split, List<RecordingScript> recordings,
        List<DocumentSource> documents, List<Question> questions) {

    public static final String DEV = "dev";
    public static final String HOLDOUT = "holdout";

    public PersonaCase {
        recordings = List.copyOf(recordings);
        documents = List.copyOf(documents);
        questions = List.copyOf(questions);
    }

    public Optional<RecordingScript> recording(String source) {
        return recordings.stream().filter(r -> r.name().equals(source)).findFirst();
    }

    public Optional<DocumentSource> document(String source) {
        return documents.stream().filter(d -> d.fileName().equals(source)).findFirst();
    }

    /** The sentences of a recording or document, by the name questions use for it. */
    public Optional<List<String>> sentencesOf(String source) {
        return recording(source).map(RecordingScript::sentences)
                .or(() -> document(source).map(DocumentSource::sentences));
    }
}
