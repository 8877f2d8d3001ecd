package dev.persona.media;

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

    @Test
    void behindAnId3TagTheContentPicksTheDemuxer() throws IOException {
        byte[] mp3 = fixture("speech.mp3");
        assertEquals(45, AudioSniffer.id3TagsEnd(mp3), "the fixture's tag: 10 bytes of header and 35 of frames");
        assertEquals(Optional.of(AudioFormat.MP3), AudioSniffer.sniff(mp3));
        // A playlist or anything else behind the tag is for the mp3 demuxer alone to refuse.
        assertEquals(Optional.of(AudioFormat.MP3), AudioSniffer.sniff(HostileMedia.id3ThenConcatPlaylist("a.wav")));
    }

    @Test
    void id3SizesAreBoundedByTheBytesPresent() {
        byte[] huge = java.util.Arrays.copyOf(new byte[] {'I', 'D', '3', 4, 0, 0, 0x7F, 0x7F, 0x7F, 0x7F}, 64);
        assertEquals(-1, AudioSniffer.id3TagsEnd(huge));
        byte[] notSyncsafe = java.util.Arrays.copyOf(new byte[] {'I', 'D', '3', 4, 0, 0, 0, 0, 0, (byte) 0x80}, 64);
        assertEquals(-1, AudioSniffer.id3TagsEnd(notSyncsafe));
        byte[] chained = new byte[64];
        for (int tag = 0; tag < 6; tag++) {
            System.arraycopy(new byte[] {'I', 'D', '3', 3, 0, 0, 0, 0, 0, 0}, 0, chained, tag * 10, 10);
        }
        assertEquals(40, AudioSniffer.id3TagsEnd(chained), "at most four tags are skipped");
        assertEquals(Optional.of(AudioFormat.MP3), AudioSniffer.sniff(huge));
    }
}
