package dev.persona.common.speech;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.persona.common.memory.SpokenWord;
import java.util.List;

/**
 * A short spoken request (a question asked by voice) transcribed on the spot: transcribe-service's answer to
 * {@code POST /transcriptions}, read by chat-service's voice chat. Nothing of it is stored.
 *
 * @param text       the words heard, sentence-cased and punctuated as transcripts are
 * @param words      each word with its seconds in the audio sent
 * @param durationSec length of the audio sent
 * @param speechSec  how much of it the voice activity detector kept as speech
 */
public record Transcription(String text, String language, String engine, double durationSec, double speechSec,
        List<SpokenWord> words, Timings timings) {

    /** Milliseconds spent in each step, named as voice chat reports them. */
    public record Timings(@JsonProperty("decode_ms") long decodeMs, @JsonProperty("vad_ms") long vadMs,
            @JsonProperty("transcribe_ms") long transcribeMs) {
    }
}
