package dev.persona.transcribe.service;

import dev.persona.common.audio.SpeechRegion;
import java.util.ArrayList;
import java.util.List;

/**
 * Groups consecutive speech regions into batches of about a given amount of speech: one engine call each, so the model
 * loads once per batch, batches run in parallel and progress is reported as each finishes.
 */
public final class RegionBatches {
    private RegionBatches() {
    }

    public record Batch(int index, List<SpeechRegion> regions) {
        public double speechSec() {
            return regions.stream().mapToDouble(SpeechRegion::durationSec).sum();
        }
    }

    public static List<Batch> of(List<SpeechRegion> regions, double maxSpeechSec) {
        List<Batch> batches = new ArrayList<>();
        List<SpeechRegion> current = new ArrayList<>();
        double speech = 0;
        for (SpeechRegion r : regions) {
            if (!current.isEmpty() && speech + r.durationSec() > maxSpeechSec) {
                batches.add(new Batch(batches.size(), List.copyOf(current)));
                current.clear();
                speech = 0;
            }
            current.add(r);
            speech += r.durationSec();
        }
        if (!current.isEmpty()) {
            batches.add(new Batch(batches.size(), List.copyOf(current)));
        }
        return batches;
    }
}
