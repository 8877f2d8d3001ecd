package dev.persona.media;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Recognises an audio container from its magic numbers. The file name and the client's content type are never
 * trusted: a renamed text file is not a wav.
 */
public final class AudioSniffer {
    private static final int ID3_HEADER_BYTES = 10;
    /** Taggers write one ID3v2 tag, rarely two; more in a row is not a recording. */
    private static final int MAX_ID3_TAGS = 4;

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
            return afterId3(b);
        }
        return audioFrameAt(b, 0);
    }

    /**
     * An ID3v2 tag says nothing about what follows it, and FFmpeg's own probe looks behind the tag (an ID3 header in
     * front of an FFmpeg playlist once made that playlist "mp3" and FFmpeg then read the files it named). So the tag is
     * skipped, its size bounded by the bytes present, and what follows picks the demuxer: FLAC, ADTS AAC, else MP3.
     * Anything that is not MPEG audio then fails in the mp3 demuxer, the only one FFmpeg is allowed to use for it.
     */
    private static Optional<AudioFormat> afterId3(byte[] b) {
        long pos = id3TagsEnd(b);
        if (pos < 0) {
            return Optional.of(AudioFormat.MP3);
        }
        while (pos < b.length && b[(int) pos] == 0) {
            pos++; // padding some taggers leave after the tag
        }
        if (startsWith(b, (int) pos, "fLaC")) {
            return Optional.of(AudioFormat.FLAC);
        }
        return Optional.of(audioFrameAt(b, (int) pos).orElse(AudioFormat.MP3));
    }

    /** Where the leading ID3v2 tags end, or -1 when a tag header is malformed or runs past the end of the file. */
    static long id3TagsEnd(byte[] b) {
        long pos = 0;
        for (int tags = 0; tags < MAX_ID3_TAGS && startsWith(b, (int) pos, "ID3"); tags++) {
            int p = (int) pos;
            if (p + ID3_HEADER_BYTES > b.length) {
                return -1;
            }
            int majorVersion = b[p + 3] & 0xFF;
            int flags = b[p + 5] & 0xFF;
            long size = syncsafe(b, p + 6);
            if (majorVersion < 2 || majorVersion > 4 || (b[p + 4] & 0xFF) == 0xFF || size < 0) {
                return -1;
            }
            long footer = (flags & 0x10) != 0 ? ID3_HEADER_BYTES : 0;
            long end = pos + ID3_HEADER_BYTES + size + footer;
            if (end > b.length) {
                return -1;
            }
            pos = end;
        }
        return pos;
    }

    /** A 28-bit size stored as four 7-bit bytes; -1 when a byte has its high bit set (not a valid ID3 size). */
    private static long syncsafe(byte[] b, int offset) {
        long size = 0;
        for (int i = 0; i < 4; i++) {
            int v = b[offset + i] & 0xFF;
            if (v >= 0x80) {
                return -1;
            }
            size = size << 7 | v;
        }
        return size;
    }

    /** An ADTS (AAC) or MPEG audio frame header at {@code offset}. */
    private static Optional<AudioFormat> audioFrameAt(byte[] b, int offset) {
        if (offset + 3 > b.length) {
            return Optional.empty();
        }
        int b0 = b[offset] & 0xFF;
        int b1 = b[offset + 1] & 0xFF;
        if (b0 == 0xFF && (b1 & 0xE0) == 0xE0) {
            int layer = (b1 >> 1) & 0x3;
            if (layer == 0 && (b1 & 0xF6) == 0xF0) {
                return Optional.of(AudioFormat.AAC);
            }
            int version = (b1 >> 3) & 0x3;
            int bitrateIndex = (b[offset + 2] & 0xF0) >> 4;
            // A real MPEG audio frame header has a defined version, layer and bitrate; random bytes rarely do.
            if (layer != 0 && version != 1 && bitrateIndex != 0xF) {
                return Optional.of(AudioFormat.MP3);
            }
        }
        return Optional.empty();
    }

    static boolean startsWith(byte[] b, int offset, String ascii) {
        byte[] m = ascii.getBytes(StandardCharsets.US_ASCII);
        if (offset < 0 || b.length < offset + m.length) {
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
