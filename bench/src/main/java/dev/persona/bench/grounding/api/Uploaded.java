package dev.persona.bench.grounding.api;

/** An accepted upload: the recording or document id, and the job that carries it through the pipeline. */
public record Uploaded(String sourceId, String jobId) {
}
