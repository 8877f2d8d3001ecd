package dev.persona.embed.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class WordPieceTokenCounterTest {
    private final WordPieceTokenCounter counter = new WordPieceTokenCounter();

    @Test
    void wordByWordCountEqualsTheTokenizersCountOfTheWholeText() {
        String[] texts = {
            "Hello, world!", "Mr. Smith's grandson (aged 7) said: \"don't-stop\"... ok?",
            "Antidisestablishmentarianism is unbelievably long; naïve café résumé.",
            "東京に住んでいます and Ελληνικά text, emoji 🙂 and 3.14159 numbers 1,000,000.",
            "https://example.org/path?q=1&r=2 " + "x".repeat(150), "  spaced\tout\nlines  ", "Yes.",
        };
        for (String text : texts) {
            assertEquals(counter.countDirect(text), counter.count(text), text);
            assertEquals(counter.countDirect(text), counter.count(text), "cached: " + text);
        }
        assertEquals(0, counter.count(""));
        assertEquals(0, counter.count(null));
    }
}
