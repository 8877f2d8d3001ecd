package dev.persona.common.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SentenceSplitterTest {
    private final SentenceSplitter splitter = new SentenceSplitter();

    private List<String> sentences(String text, String language) {
        return splitter.split(text, language).stream().map(s -> text.substring(s.start(), s.end())).toList();
    }

    @Test
    void aMarkdownHeadingIsASentenceOfItsOwn() {
        String text = "# Lock Seven Anglers: notes from the annual meeting\nThe summer competition is on the third "
                + "Sunday of July. Tea is from the Harbour Tea Company.";
        assertEquals(List.of("# Lock Seven Anglers: notes from the annual meeting",
                "The summer competition is on the third Sunday of July.", "Tea is from the Harbour Tea Company."),
                sentences(text, "en"));
    }

    @Test
    void aTitleAboveABlankLineIsNotGluedToTheFirstSentence() {
        String text = "Why I still play the violin\r\n\r\nI started when I was seven. My teacher was strict.";
        assertEquals(List.of("Why I still play the violin", "I started when I was seven.", "My teacher was strict."),
                sentences(text, "en"));
    }

    @Test
    void hardWrappedLinesStayOneSentence() {
        String text = "We sailed every summer with my grandfather\nfrom the harbour to the islands. It was cold.";
        assertEquals(List.of("We sailed every summer with my grandfather\nfrom the harbour to the islands.",
                "It was cold."), sentences(text, "en"));
    }

    @Test
    void paragraphsBreakSentencesInOtherLanguagesToo() {
        String text = "Über mich\n\nIch bin in Hamburg geboren. Ich segle gern.";
        assertEquals(List.of("Über mich", "Ich bin in Hamburg geboren.", "Ich segle gern."), sentences(text, "de"));
    }
}
