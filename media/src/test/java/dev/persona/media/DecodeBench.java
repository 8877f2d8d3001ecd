package dev.persona.media;

import dev.persona.common.audio.PcmAudio;
import dev.persona.common.audio.VadSettings;
import dev.persona.common.audio.VoiceActivityDetector;
import java.time.Duration;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Decoding throughput per format, and the cost of the voice activity detection that follows it (figures, not assertions). Excluded from normal runs; run with
 * {@code ./mvnw -B -pl media test -Dtest=DecodeBench -Dbench.excluded=none -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("bench")
class DecodeBench {

    @Test
    void printDecodeSpeed() throws IOException {
        VoiceActivityDetector vad = new VoiceActivityDetector(VadSettings.defaults());
        System.out.println("format  bytes   audio-s  ms/decode  x-realtime  ms/vad");
        for (String file : new String[] {"speech.wav", "speech.mp3", "speech.ogg", "speech.webm", "speech.m4a",
                "speech.flac"}) {
            byte[] bytes;
            try (InputStream in = DecodeBench.class.getResourceAsStream("/audio/" + file)) {
                bytes = in.readAllBytes();
            }
            for (int i = 0; i < 20; i++) {
                decode(bytes); // warm-up: JIT and FFmpeg codec init
            }
            int runs = 100;
            long start = System.nanoTime();
            DecodedAudio audio = null;
            for (int i = 0; i < runs; i++) {
                audio = decode(bytes);
            }
            double ms = (System.nanoTime() - start) / 1e6 / runs;
            start = System.nanoTime();
            for (int i = 0; i < runs; i++) {
                vad.detect(new PcmAudio(audio.samples(), DecodedAudio.SAMPLE_RATE));
            }
            double vadMs = (System.nanoTime() - start) / 1e6 / runs;
            System.out.println(String.format(Locale.ROOT, "%-7s %6d  %6.2f  %9.2f  %10.0f  %15.2f", file.substring(7),
                    bytes.length, audio.durationSec(), ms, audio.durationSec() * 1000 / ms, vadMs));
        }
    }

    private static DecodedAudio decode(byte[] bytes) {
        return AudioDecoding.decode(bytes, 3600, Duration.ofMinutes(1));
    }
}
