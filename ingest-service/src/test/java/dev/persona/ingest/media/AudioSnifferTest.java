package dev.persona.ingest.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class AudioSnifferTest {

    static byte[] fixture(String name) throws IOException {
        try (InputStream in = AudioSnifferTest.class.getResourceAsStream("/audio/" + name)) {
            return in.readAllBytes();
        }
    }

    @ParameterizedTest
    @CsvSource({"speech.wav,WAV", "speech.mp3,MP3", "speech.ogg,OGG", "speech.webm,WEBM", "speech.m4a,M4A",
            "speech.flac,FLAC"})
    void recognisesEachFixtureFromItsBytes(String file, AudioFormat expected) throws IOException {
        assertEquals(Optional.of(expected), AudioSniffer.sniff(fixture(file)));
    }

    @Test
    void textAndShortInputAreNotAudio() {
        assertTrue(AudioSniffer.sniff("I am a text file renamed to .wav".getBytes(StandardCharsets.UTF_8)).isEmpty());
        assertTrue(AudioSniffer.sniff(new byte[] {'R', 'I', 'F', 'F'}).isEmpty());
        assertTrue(AudioSniffer.sniff(new byte[0]).isEmpty());
    }

    @Test
    void truncatedWavIsReportedAndACompleteOneIsNot() throws IOException {
        byte[] wav = fixture("speech.wav");
        assertTrue(WavCodec.structuralProblem(wav).isEmpty());
        byte[] cut = java.util.Arrays.copyOf(wav, wav.length / 2);
        assertTrue(WavCodec.structuralProblem(cut).orElseThrow().contains("truncated"));
        assertTrue(WavCodec.structuralProblem(java.util.Arrays.copyOf(wav, 30)).isPresent());
    }
}
