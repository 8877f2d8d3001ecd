package dev.persona.transcribe.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class WordErrorRateTest {

    @Test
    void normalisesCaseAndPunctuation() {
        assertEquals(List.of("he", "said", "don't", "go"), WordErrorRate.normalise("He said: \"Don't go!\""));
        assertEquals(0, WordErrorRate.count("Hello, World.", "hello world").errors());
    }

    @Test
    void countsSubstitutionsDeletionsAndInsertions() {
        // one substitution (sat->sit), one deletion (the), one insertion (down)
        WordErrorRate.Counts c = WordErrorRate.count("the cat sat on the mat", "the cat sit on mat down");
        assertEquals(3, c.errors());
        assertEquals(6, c.referenceWords());
        assertEquals(0.5, c.rate(), 1e-9);
    }

    @Test
    void emptyHypothesisDeletesEveryWord() {
        assertEquals(1.0, WordErrorRate.count("one two three", "").rate(), 1e-9);
    }
}
