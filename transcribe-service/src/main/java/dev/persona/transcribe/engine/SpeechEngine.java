package dev.persona.transcribe.engine;

import dev.persona.common.memory.SpokenWord;
import dev.persona.common.audio.PcmAudio;
import dev.persona.common.audio.SpeechRegion;
import java.util.List;

/**
 * Turns speech regions of a recording into words timed against the whole recording; the transcription pipeline cuts
 * them into sentence-sized utterances. Implementations are safe to call from several threads at once.
 */
public interface SpeechEngine extends AutoCloseable {

    /** Stored with each transcript, so a replay after an engine change can be told apart. */
    String id();

    /** Fails with {@link EngineUnavailable} and a reason an operator can act on when the engine cannot run. */
    void checkReady();

    /** Whether it can transcribe this language (BCP 47 tag from the recording; blank means unknown). */
    boolean supportsLanguage(String language);

    /**
     * @return the words heard, in the order of {@code regions} and of time, each inside its region; a region the
     *         engine heard nothing in gives none
     * @throws EngineUnavailable when it cannot run at all (retrying will not help)
     * @throws EngineFailure     when this call failed or timed out (retrying may help)
     */
    List<SpokenWord> transcribe(PcmAudio audio, List<SpeechRegion> regions, String language);

    /** Gets ready, in the background, to take {@code parallel} calls without a start-up cost, where it has one. */
    default void warmUp(int parallel) {
    }

    @Override
    default void close() {
    }
}
