package dev.persona.chat.service.generation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SentencesTest {

    @Test
    void titlesAreHeadingsButSpokenAndWrittenSentencesAreNot() {
        assertTrue(Sentences.isHeading("Why I still play the violin"));
        assertFalse(Sentences.isHeading("I started the violin when I was nine."));
        // Restored utterances end in punctuation, however short.
        assertFalse(Sentences.isHeading("Yes we did."));
        // A long unpunctuated line is prose that lost its full stop, not a title.
        assertFalse(Sentences.isHeading("i learned to sail with my grandfather on the west coast every summer"));
    }

    @Test
    void countsWords() {
        assertEquals(3, Sentences.words("  yes we   did "));
        assertEquals(0, Sentences.words("   "));
    }

    @Test
    void recogniserFragmentsSayNothingButShortFactsDo() {
        assertFalse(Sentences.isInformative("Ah the."));
        assertFalse(Sentences.isInformative("Will go."));
        assertFalse(Sentences.isInformative("And then it was."));
        assertTrue(Sentences.isInformative("Robert is colour blind."));
        assertTrue(Sentences.isInformative("It sleeps four."));
    }
}
