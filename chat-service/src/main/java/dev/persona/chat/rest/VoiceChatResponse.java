package dev.persona.chat.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.persona.chat.domain.Citation;
import dev.persona.common.memory.SpokenWord;
import java.util.List;

/**
 * A question asked by voice and its answer. {@code transcription}: what was heard; {@code words}: each heard word with
 * its seconds in the audio sent; the rest as a typed chat answers, the answer's audio already made.
 */
public record VoiceChatResponse(String transcription, List<SpokenWord> words, String answer, String sessionId,
        List<Citation> citations, boolean refused, String messageId, String audioUrl, Timings timings) {

    /** Milliseconds per step; {@code total_ms} from the request's arrival to the response. */
    public record Timings(@JsonProperty("decode_ms") long decodeMs, @JsonProperty("vad_ms") long vadMs,
            @JsonProperty("transcribe_ms") long transcribeMs, @JsonProperty("retrieve_ms") long retrieveMs,
            @JsonProperty("generate_ms") long generateMs, @JsonProperty("tts_ms") long ttsMs,
            @JsonProperty("total_ms") long totalMs) {
    }
}
