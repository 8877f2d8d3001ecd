package dev.persona.bench.grounding.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class WordErrorRateTest {

    @Test
    void normalisesCaseAndPunctuationButKeepsApostrophesInWords() {
        assertEquals(List.of("my", "brother's", "garage", "in", "porto"),
                WordErrorRate.words("My brother's garage, in 'Porto'."));
    }

    @Test
    void countsSubstitutionsDeletionsAndInsertions() {
        assertEquals(0, WordErrorRate.errors("I keep two beehives.", "i keep two beehives"));
        assertEquals(1, WordErrorRate.errors("I keep two beehives", "I keep to beehives"));
        assertEquals(1, WordErrorRate.errors("I keep two beehives", "I keep beehives"));
        assertEquals(3, WordErrorRate.errors("I keep two beehives", "well I keep two bee hives"));
        assertEquals(4, WordErrorRate.errors("I keep two beehives", ""));
    }

    @Test
    void countsSentencesOfAnAnswer() {
        assertEquals(3, Stats.sentences("I teach year four. Gareth helps me! Do you teach?"));
        assertEquals(2, Stats.sentences("We meet at 8.30 on Fridays. Then lunch"));
        assertEquals(0, Stats.sentences("  "));
    }
}
