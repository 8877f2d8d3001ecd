package dev.persona.chat.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.persona.chat.domain.Chunk;
import dev.persona.chat.service.generation.EvidenceSelector;
import dev.persona.chat.service.generation.GenerationRequest;
import dev.persona.chat.service.generation.PersonaPrompt;
import dev.persona.chat.service.retrieval.Retrieved;
import dev.persona.chat.service.style.StyleAnalyzer;
import dev.persona.common.events.SourceKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class PersonaPromptTest {

    @Test
    void promptCarriesNameStyleNumberedSourcesAndTheGroundingRule() {
        Chunk a = new Chunk("1", "rec-1", SourceKind.recording, "cooking.wav", 0, "I cook sambar on Sundays.", 0.0,
                30.0, null, List.of(new Chunk.Sentence("I cook sambar on Sundays.", 0.0, 30.0, null)));
        Chunk b = new Chunk("2", "doc-1", SourceKind.document, "bio.pdf", 0, "Priya ran the Chennai Marathon.", null,
                null, 1, List.of(new Chunk.Sentence("Priya ran the Chennai Marathon.", null, null, 1)));
        Retrieved retrieved = new Retrieved(List.of(
                new Retrieved.Passage(a, 0.6f, 1f, List.of(new Retrieved.Evidence(0, 0.6f, 1f, 0.75)), new float[] {0.6f}),
                new Retrieved.Passage(b, 0.4f, 0f, List.of(new Retrieved.Evidence(0, 0.4f, 0f, 0.4)), new float[] {0.4f})),
                new float[384], 0, 0, 2);
        GenerationRequest request = new GenerationRequest("Priya Raman", "What do you cook?", retrieved,
                EvidenceSelector.select("What do you cook?", retrieved, new EvidenceSelector.Params(3, 0.08, 0.35, 0.45)),
                StyleAnalyzer.analyse(List.of("Seri, I cook sambar da. Romba nice!", "Enna, you want kaapi?")),
                List.of(new GenerationRequest.Turn("user", "Hi"), new GenerationRequest.Turn("assistant", "Hello!")));
        List<ChatMessage> messages = PersonaPrompt.messages(request);
        assertEquals(4, messages.size());
        String system = ((SystemMessage) messages.get(0)).text();
        assertTrue(system.contains("You are Priya Raman"), system);
        assertTrue(system.contains("ONLY from the numbered context"), system);
        assertTrue(system.contains("Tamil"), system);
        String user = ((UserMessage) messages.get(3)).singleText();
        assertTrue(user.contains("[1] (recording cooking.wav) I cook sambar on Sundays."), user);
        assertTrue(user.contains("[2] (document bio.pdf)"), user);
        assertTrue(user.endsWith("Question: What do you cook?"), user);
    }
}
