package dev.persona.bench.grounding;

import java.util.Map;

/**
 * A corpus persona as it exists in the system: its id and the ids its recordings and documents got.
 *
 * @param fingerprint of the persona's recordings and documents when uploaded; a different one means upload again
 * @param sourceNames recording or document id -> corpus name (recording name or document file name)
 */
public record UploadedPersona(String corpusId, String fingerprint, String personaId, Map<String, String> sourceNames) {

    public UploadedPersona {
        sourceNames = Map.copyOf(sourceNames);
    }

    /** The id of a corpus source, or null when it was not uploaded. */
    String sourceId(String corpusName) {
        return sourceNames.entrySet().stream().filter(e -> e.getValue().equals(corpusName)).map(Map.Entry::getKey)
                .findFirst().orElse(null);
    }
}
