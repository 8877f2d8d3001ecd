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
        // A Markdown heading is a title however long it is; a hash elsewhere is not.
        assertTrue(Sentences.isHeading("# Lock Seven Anglers: notes from the annual meeting of the club"));
        assertFalse(Sentences.isHeading("#1 on my list is the canal walk with my brother every spring."));
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
