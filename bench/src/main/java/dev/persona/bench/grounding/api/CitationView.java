package dev.persona.bench.grounding.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A citation as chat-service returns it: seconds for recordings, a page for documents. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CitationView(String sourceId, String sourceName, String kind, Double startSec, Double endSec,
        Integer page, String text, double score) {

    public boolean isRecording() {
        return "recording".equals(kind);
    }
}
