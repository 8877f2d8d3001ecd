package dev.persona.ingest.media;

import dev.persona.ingest.config.IngestConfig;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Decoding throughput per format, and the cost of the speech check that follows it (figures, not assertions). Excluded from normal runs; run with
 * {@code ./mvnw -B -pl ingest-service test -Dtest=DecodeBench -Dbench.excluded=none -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("bench")
class DecodeBench {

    @Test
    void printDecodeSpeed() throws IOException {
        AudioDecoder decoder = new AudioDecoder();
        decoder.config = config();
        SpeechCheck speech = new SpeechCheck(dev.persona.common.audio.VadSettings.defaults());
        System.out.println("format  bytes   audio-s  ms/decode  x-realtime  ms/speech-check");
        for (String file : new String[] {"speech.wav", "speech.mp3", "speech.ogg", "speech.webm", "speech.m4a",
                "speech.flac"}) {
            byte[] bytes;
            try (InputStream in = DecodeBench.class.getResourceAsStream("/audio/" + file)) {
                bytes = in.readAllBytes();
            }
            for (int i = 0; i < 20; i++) {
                decoder.decode(bytes); // warm-up: JIT and FFmpeg codec init
            }
            int runs = 100;
            long start = System.nanoTime();
            DecodedAudio audio = null;
            for (int i = 0; i < runs; i++) {
                audio = decoder.decode(bytes);
            }
            double ms = (System.nanoTime() - start) / 1e6 / runs;
            start = System.nanoTime();
            for (int i = 0; i < runs; i++) {
                speech.requireSpeech(audio);
            }
            double speechMs = (System.nanoTime() - start) / 1e6 / runs;
            System.out.println(String.format(Locale.ROOT, "%-7s %6d  %6.2f  %9.2f  %10.0f  %15.2f", file.substring(7),
                    bytes.length, audio.durationSec(), ms, audio.durationSec() * 1000 / ms, speechMs));
        }
    }

    private static IngestConfig config() {
        return TestConfig.ingest(java.util.Map.of("max-audio-seconds", "3600"));
    }
}
