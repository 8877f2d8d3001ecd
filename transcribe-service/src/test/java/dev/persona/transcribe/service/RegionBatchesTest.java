package dev.persona.transcribe.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.persona.common.audio.SpeechRegion;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegionBatchesTest {

    @Test
    void groupsConsecutiveRegionsUpToTheSpeechBudget() {
        List<SpeechRegion> regions = List.of(new SpeechRegion(0, 20), new SpeechRegion(25, 45),
                new SpeechRegion(50, 70), new SpeechRegion(80, 81));
        List<RegionBatches.Batch> batches = RegionBatches.of(regions, 45);
        assertEquals(2, batches.size());
        assertEquals(regions.subList(0, 2), batches.get(0).regions());
        assertEquals(regions.subList(2, 4), batches.get(1).regions());
        assertEquals(1, batches.get(1).index());
        assertEquals(21, batches.get(1).speechSec(), 1e-9);
    }

    @Test
    void aRegionLongerThanTheBudgetIsABatchOfItsOwn() {
        List<RegionBatches.Batch> batches = RegionBatches.of(List.of(new SpeechRegion(0, 90)), 60);
        assertEquals(1, batches.size());
        assertEquals(List.of(), RegionBatches.of(List.of(), 60));
    }
}
