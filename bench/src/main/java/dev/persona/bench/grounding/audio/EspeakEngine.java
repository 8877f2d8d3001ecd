package dev.persona.bench.grounding.audio;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Debian's espeak-ng with a voice variant such as en-us+m3; its default rate is 175 words a minute. */
final class EspeakEngine implements SpeechEngine {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int DEFAULT_WORDS_PER_MINUTE = 175;

    @Override
    public void speak(String voice, double rate, String text, Path wavOut) {
        ExternalCommand.run(List.of("espeak-ng", "-v", voice, "-s",
                Long.toString(Math.round(DEFAULT_WORDS_PER_MINUTE * rate)), "-w", wavOut.toString(), text), TIMEOUT);
    }
}
