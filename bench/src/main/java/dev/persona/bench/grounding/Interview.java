package dev.persona.bench.grounding;

import dev.persona.bench.grounding.api.ApiException;
import dev.persona.bench.grounding.api.ChatReply;
import dev.persona.bench.grounding.api.CitationView;
import dev.persona.bench.grounding.api.PersonaApi;
import dev.persona.bench.grounding.audio.SentenceSpan;
import dev.persona.bench.grounding.audio.SynthesizedRecording;
import dev.persona.bench.grounding.corpus.LexicalOverlap;
import dev.persona.bench.grounding.corpus.PersonaCase;
import dev.persona.bench.grounding.corpus.Question;
import dev.persona.bench.grounding.metrics.CitedSource;
import dev.persona.bench.grounding.metrics.QuestionResult;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Asks a persona every question of the corpus, each in a fresh session, and keeps what came back. */
final class Interview {
    private final PersonaApi api;

    Interview(PersonaApi api) {
        this.api = api;
    }

    List<QuestionResult> ask(PersonaCase persona, UploadedPersona uploaded, Map<String, SynthesizedRecording> audio) {
        List<QuestionResult> results = new ArrayList<>();
        for (Question q : persona.questions()) {
            String expectedKind = !q.answerable() ? null : persona.recording(q.source()).isPresent() ? "recording"
                    : "document";
            List<SentenceSpan> seconds = "recording".equals(expectedKind)
                    ? audio.get(q.source()).sentences().stream().filter(s -> q.sentences().contains(s.index())).toList()
                    : List.of();
            int shared = q.answerable()
                    ? LexicalOverlap.sharedStems(q.ask(), q.sentences().stream()
                            .map(i -> persona.sentencesOf(q.source()).orElseThrow().get(i)).toList()).size()
                    : 0;
            ChatReply reply;
            String error = null;
            try {
                reply = api.chat(uploaded.personaId(), q.ask());
            } catch (ApiException | UncheckedIOException e) {
                if (e instanceof ApiException a && a.status() == 429) {
                    throw a;
                }
                reply = new ChatReply("", List.of(), true, 0);
                error = e.getMessage();
            }
            List<CitedSource> cited = reply.citations().stream().map(c -> cited(c, uploaded)).toList();
            results.add(QuestionResult.of(persona.id(), persona.split(), q.ask(), q.kind(), q.source(), expectedKind,
                    q.sentences(), seconds, shared, reply.answer(), reply.refused(), cited, reply.millis(), error));
        }
        return results;
    }

    private static CitedSource cited(CitationView c, UploadedPersona uploaded) {
        return new CitedSource(uploaded.sourceNames().get(c.sourceId()), c.kind(), c.startSec(), c.endSec(), c.page(),
                c.score(), c.text());
    }
}
