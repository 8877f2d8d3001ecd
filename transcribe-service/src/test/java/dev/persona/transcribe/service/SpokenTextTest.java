package dev.persona.transcribe.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SpokenTextTest {

    @Test
    void aQuestionAskedByVoiceEndsWithAQuestionMark() {
        assertEquals("Where did you learn to sail?",
                SpokenText.asQuestion(SpokenText.restore("where did you learn to sail", "en"), "en"));
        assertEquals("Do you still play the violin?",
                SpokenText.asQuestion(SpokenText.restore("do you still play the violin", "en"), "en"));
    }

    @Test
    void aStatementOrImperativeKeepsItsFullStop() {
        assertEquals("Tell me about your grandfather.",
                SpokenText.asQuestion(SpokenText.restore("tell me about your grandfather", "en"), "en"));
        assertEquals("I wonder where you grew up.",
                SpokenText.asQuestion(SpokenText.restore("i wonder where you grew up", "en"), "en"));
    }

    @Test
    void otherLanguagesAreLeftAlone() {
        // German "was" (what) is also an English opener: only the language tells them apart.
        assertEquals("Was machst du am Wochenende.", SpokenText.asQuestion("Was machst du am Wochenende.", "de"));
    }
}
