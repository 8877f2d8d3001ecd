package dev.persona.chat.service.retrieval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ModelChoiceTest {
    private static final String OLD = "all-minilm-l6-v2-q";
    private static final String NEW = "bge-small-en-v15-q";

    @Test
    void theConfiguredModelServesOnceItCoversEverySource() {
        assertEquals(NEW, ModelChoice.choose(NEW, Map.of(NEW, Set.of("a", "b"))));
        assertEquals(NEW, ModelChoice.choose(NEW, Map.of(OLD, Set.of("a", "b"), NEW, Set.of("a", "b"))));
        assertEquals(NEW, ModelChoice.choose(NEW, Map.of()), "a persona without chunks yet");
    }

    @Test
    void duringASwitchThePersonaStaysOnTheModelThatCoversItsSources() {
        assertEquals(OLD, ModelChoice.choose(NEW, Map.of(OLD, Set.of("a", "b", "c"), NEW, Set.of("a"))));
        assertEquals(OLD, ModelChoice.choose(NEW, Map.of(OLD, Set.of("a", "b"))));
        // A source added after the switch began exists only in the new model: the one with more sources serves.
        assertEquals(NEW, ModelChoice.choose(NEW, Map.of(OLD, Set.of("a"), NEW, Set.of("b", "c"))));
        assertEquals(NEW, ModelChoice.choose(NEW, Map.of(OLD, Set.of("a"), NEW, Set.of("b"))), "a tie keeps the configured one");
    }

    @Test
    void aModelThisBuildCannotLoadIsNeverChosen() {
        assertEquals(NEW, ModelChoice.choose(NEW, Map.of("retired-model", Set.of("a", "b"), NEW, Set.of("a"))));
        assertEquals(OLD, ModelChoice.choose(OLD, Map.of("retired-model", Set.of("a"))));
    }
}
