package dev.persona.bench.grounding.audio;

import java.io.IOException;
import java.nio.file.Path;

/** Speaks one sentence into a wav file, in whatever sample format the engine produces. */
interface SpeechEngine {
    /** @param rate speaking rate relative to the engine's default; 1.2 is faster */
    void speak(String voice, double rate, String text, Path wavOut) throws IOException;
}
