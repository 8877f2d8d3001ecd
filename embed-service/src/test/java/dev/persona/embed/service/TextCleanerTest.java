package dev.persona.embed.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.common.events.SourceKind;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TextCleanerTest {
    private final TextCleaner cleaner = new TextCleaner(
            Set.of("um", "umm", "uh", "uhh", "uhm", "erm", "er", "hmm", "hm", "mm", "mmm"),
            Set.of("that", "had", "very", "really", "so", "no", "yes", "bye"));

    private String speech(String text) {
        return cleaner.clean(text, SourceKind.recording, "en");
    }

    @Test
    void dropsFillersAndStutteredWordsButKeepsPunctuationAndCase() {
        assertEquals("I think, we should go.", speech("Um, I I think, uh, we should go."));
        assertEquals("I was there. Then we left", speech("I was there, um. Then we left"));
        assertEquals("The boat was late", speech("The the boat was uh late"));
        assertEquals("We sailed home.", speech("We we we sailed home."));
    }

    @Test
    void capitalisesTheLowerCasePronounOfRecognisers() {
        assertEquals("then I said I'm tired and I've gone home, it is fine",
                speech("then i said i'm tired and i've gone home, it is fine"));
    }

    @Test
    void aShortUnpunctuatedTitleLineBecomesItsOwnParagraph() {
        String page = "Why I still play the violin\nI started the violin when I was nine, because my mother played\n"
                + "in the church orchestra. I was not talented.";
        assertEquals("Why I still play the violin\n\nI started the violin when I was nine, because my mother played "
                + "in the church orchestra. I was not talented.", cleaner.clean(page, SourceKind.document, "en"));
        // A line wrapped mid-sentence near full width stays joined, even when the next line starts with a name.
        String wrapped = "Last summer I walked the whole trail with my old friend\nErik Berg and his two dogs.";
        assertEquals("Last summer I walked the whole trail with my old friend Erik Berg and his two dogs.",
                cleaner.clean(wrapped, SourceKind.document, "en"));
    }

    @Test
    void dropsRecogniserMarkers() {
        assertEquals("so we went home and laughed",
                speech("[noise] so we went <unk> home (laughs) ++BREATH++ and [BLANK_AUDIO] laughed ♪"));
    }

    @Test
    void keepsDeliberateAndGrammaticalRepeats() {
        assertEquals("I know that that is true", speech("I know that that is true"));
        assertEquals("No, no, no.", speech("No, no, no."));
        assertEquals("It was very very good", speech("It was very very good"));
        assertEquals("Call room 10 10 now", speech("Call room 10 10 now"));
        assertEquals("Don't, don't do it", speech("Don't, don't do it"));
    }

    @Test
    void englishRulesDoNotTouchOtherLanguages() {
        assertEquals("Eu comprei um livro", cleaner.clean("Eu comprei um livro", SourceKind.recording, "pt"));
        assertEquals("Nous nous sommes vus", cleaner.clean("Nous nous sommes vus", SourceKind.recording, "fr"));
        assertEquals("Nous sommes là", cleaner.clean("Nous sommes [noise] là", SourceKind.recording, "fr"));
    }

    @Test
    void normalisesUnicodeAndWhitespaceWithoutRewordingDocuments() {
        String raw = "The \uFB01nal\u00A0exam\u00ADple\u200B is ready.\r\nSecond\tline [1] um.\n \n\n  Next\u2003para e\u0301te\u0301.";
        assertEquals("The final example is ready. Second line [1] um.\n\nNext para été.",
                cleaner.clean(raw, SourceKind.document, "en"));
    }

    @Test
    void speechWithNothingButNoiseHasNoUsableText() {
        assertFalse(TextCleaner.hasUsableText(speech("[noise] um uh <sil> (laughs)")));
        assertFalse(TextCleaner.hasUsableText(speech("   \n\t ")));
        assertTrue(TextCleaner.hasUsableText(speech("[noise] yes")));
        assertEquals("", cleaner.clean(null, SourceKind.recording, null));
    }
}
