package dev.persona.chat.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.chat.service.style.StyleAnalyzer;
import dev.persona.chat.service.style.StyleProfile;
import java.util.List;
import org.junit.jupiter.api.Test;

class StyleAnalyzerTest {

    @Test
    void detectsTamilEnglishCodeMixingByScriptAndLexicon() {
        StyleProfile p = StyleAnalyzer.analyse(List.of(
                "Enna da, I told you na, romba tired today. Amma made sambar, semma taste!",
                "Seri, we'll go to the temple tomorrow. வணக்கம் everyone, I'm so happy you came."));
        assertTrue(p.codeMixing().detected());
        assertTrue(p.codeMixing().languages().contains("Tamil"));
        assertTrue(p.codeMixing().nonLatinScriptShare() > 0);
        assertTrue(p.codeMixing().examples().contains("enna"));
    }

    @Test
    void formalEnglishIsNotCodeMixedAndReadsFormal() {
        StyleProfile p = StyleAnalyzer.analyse(List.of(
                "The committee reviewed the proposal in considerable detail and subsequently approved the revised budget "
                        + "for the forthcoming financial year, subject to quarterly reporting obligations."));
        assertFalse(p.codeMixing().detected());
        assertEquals("formal", p.formality());
        assertTrue(p.averageSentenceWords() > 20);
    }
}
