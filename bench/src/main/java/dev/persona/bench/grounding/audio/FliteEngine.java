package dev.persona.bench.grounding.audio;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** Debian's flite; voices slt, awb, rms, kal16, kal. A duration stretch above 1 speaks slower. */
final class FliteEngine implements SpeechEngine {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Override
    public void speak(String voice, double rate, String text, Path wavOut) {
        ExternalCommand.run(List.of("flite", "-voice", voice, "--setf",
                String.format(Locale.ROOT, "duration_stretch=%.3f", 1.0 / rate), "-t", text, "-o", wavOut.toString()),
                TIMEOUT);
    }
}
