package dev.persona.chat.service.generation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SentencesTest {

    @Test
    void aParagraphBreakEndsASentenceAndHeadingsAreNotAnswered() {
        String chunk = "Why I still play the violin\n\nI started the violin when I was nine. I was not talented, but I "
                + "was stubborn.";
        assertEquals(List.of("Why I still play the violin", "I started the violin when I was nine.",
                "I was not talented, but I was stubborn."), Sentences.split(chunk));
        assertEquals(List.of("I started the violin when I was nine.", "I was not talented, but I was stubborn."),
                Sentences.whole(chunk));
    }

    @Test
    void unpunctuatedSpeechIsKeptWhole() {
        String transcript = "i learned to sail with my grandfather on the west coast every summer";
        assertEquals(List.of(transcript), Sentences.whole(transcript));
        assertEquals(List.of("yes we did"), Sentences.whole("yes we did"));
    }
}
