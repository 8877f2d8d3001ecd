package dev.persona.bench.grounding;

import dev.persona.bench.grounding.api.PersonaApi;
import dev.persona.bench.grounding.corpus.PersonaCase;
import dev.persona.bench.grounding.corpus.RecordingScript;
import dev.persona.bench.grounding.metrics.TranscriptResult;
import dev.persona.bench.grounding.metrics.WordErrorRate;
import java.util.ArrayList;
import java.util.List;

/** Compares each recording's served transcript with the script it was synthesised from. */
final class TranscriptCheck {
    private final PersonaApi api;

    TranscriptCheck(PersonaApi api) {
        this.api = api;
    }

    List<TranscriptResult> check(PersonaCase persona, UploadedPersona uploaded) {
        List<TranscriptResult> results = new ArrayList<>();
        for (RecordingScript recording : persona.recordings()) {
            String id = uploaded.sourceId(recording.name());
            // A recording without a transcript (failed job) counts as every word missed.
            String hypothesis = id == null ? "" : api.transcriptText(uploaded.personaId(), id).orElse("");
            String reference = recording.text();
            results.add(new TranscriptResult(persona.id(), persona.split(), recording.name(), recording.voice(),
                    recording.rate(), recording.format(), WordErrorRate.words(reference).size(),
                    WordErrorRate.errors(reference, hypothesis), hypothesis));
        }
        return results;
    }
}
