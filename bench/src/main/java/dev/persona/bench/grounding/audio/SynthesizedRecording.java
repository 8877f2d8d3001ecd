package dev.persona.bench.grounding.audio;

import java.nio.file.Path;
import java.util.List;

/** A recording ready to upload, with the true seconds of each of its sentences. */
public record SynthesizedRecording(Path uploadFile, double durationSec, List<SentenceSpan> sentences) {
}
