package dev.persona.bench.grounding.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Pcm16Test {

    @Test
    void trimsTheEnginesSilenceToWholeTenMillisecondFramesOfSpeech() {
        short[] samples = new short[Pcm16.RATE]; // one second
        for (int i = 3_200; i < 8_000; i++) { // speech from 0.2 s to 0.5 s
            samples[i] = (short) (i % 2 == 0 ? 8_000 : -8_000);
        }
        short[] trimmed = Pcm16.trimSilence(samples, -50);
        assertEquals(8_000 - 3_200, trimmed.length);
        assertEquals(8_000, trimmed[0]);
        assertEquals(0, Pcm16.trimSilence(new short[Pcm16.RATE], -50).length);
    }

    @Test
    void wavRoundTripsAndForeignChunksAreSkipped(@TempDir Path dir) throws Exception {
        short[] samples = {0, 1, -1, 32_767, -32_768, 1_234};
        Path wav = dir.resolve("a.wav");
        Pcm16.writeWav(wav, samples);
        assertArrayEquals(samples, Pcm16.readWav(wav));

        // Insert a LIST chunk between fmt and data, as some writers do.
        byte[] plain = Files.readAllBytes(wav);
        byte[] list = {'L', 'I', 'S', 'T', 4, 0, 0, 0, 'I', 'N', 'F', 'O'};
        byte[] withList = new byte[plain.length + list.length];
        System.arraycopy(plain, 0, withList, 0, 36);
        System.arraycopy(list, 0, withList, 36, list.length);
        System.arraycopy(plain, 36, withList, 36 + list.length, plain.length - 36);
        Path other = dir.resolve("b.wav");
        Files.write(other, withList);
        assertArrayEquals(samples, Pcm16.readWav(other));
    }

    @Test
    void sentenceSpansOverlapOnlyWhenTheyShareTime() {
        SentenceSpan span = new SentenceSpan(0, 10, 14);
        assertEquals(true, span.overlaps(13, 20));
        assertEquals(true, span.overlaps(0, 30));
        assertEquals(false, span.overlaps(14, 20));
        assertEquals(false, span.overlaps(2, 10));
    }
}
