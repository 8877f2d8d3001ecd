package dev.persona.ingest.media;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Recognises an audio container from its magic numbers. The file name and the client's content type are never
 * trusted: a renamed text file is not a wav.
 */
public final class AudioSniffer {
    private AudioSniffer() {
    }

    public static Optional<AudioFormat> sniff(byte[] b) {
        if (b == null || b.length < 12) {
            return Optional.empty();
        }
        if ((startsWith(b, 0, "RIFF") || startsWith(b, 0, "RF64")) && startsWith(b, 8, "WAVE")) {
            return Optional.of(AudioFormat.WAV);
        }
        if (startsWith(b, 0, "fLaC")) {
            return Optional.of(AudioFormat.FLAC);
        }
        if (startsWith(b, 0, "OggS")) {
            return Optional.of(AudioFormat.OGG);
        }
        if ((b[0] & 0xFF) == 0x1A && (b[1] & 0xFF) == 0x45 && (b[2] & 0xFF) == 0xDF && (b[3] & 0xFF) == 0xA3) {
            return Optional.of(AudioFormat.WEBM);
        }
        if (startsWith(b, 4, "ftyp")) {
            return Optional.of(AudioFormat.M4A);
        }
        if (startsWith(b, 0, "ID3")) {
            return Optional.of(AudioFormat.MP3);
        }
        int b0 = b[0] & 0xFF;
        int b1 = b[1] & 0xFF;
        if (b0 == 0xFF && (b1 & 0xE0) == 0xE0) {
            int layer = (b1 >> 1) & 0x3;
            if (layer == 0 && (b1 & 0xF6) == 0xF0) {
                return Optional.of(AudioFormat.AAC);
            }
            int version = (b1 >> 3) & 0x3;
            int bitrateIndex = (b[2] & 0xF0) >> 4;
            // A real MPEG audio frame header has a defined version, layer and bitrate; random bytes rarely do.
            if (layer != 0 && version != 1 && bitrateIndex != 0xF) {
                return Optional.of(AudioFormat.MP3);
            }
        }
        return Optional.empty();
    }

    static boolean startsWith(byte[] b, int offset, String ascii) {
        byte[] m = ascii.getBytes(StandardCharsets.US_ASCII);
        if (b.length < offset + m.length) {
            return false;
        }
        for (int i = 0; i < m.length; i++) {
            if (b[offset + i] != m[i]) {
                return false;
            }
        }
        return true;
    }

}
