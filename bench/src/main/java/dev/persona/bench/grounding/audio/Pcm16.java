package dev.persona.bench.grounding.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** 16 kHz mono 16-bit PCM: what every synthesised sentence is converted to, and the recordings are built from. */
final class Pcm16 {
    static final int RATE = 16_000;

    private Pcm16() {
    }

    static short[] silence(double seconds) {
        return new short[(int) Math.round(seconds * RATE)];
    }

    /** Reads a canonical PCM wav (as ffmpeg writes it), skipping chunks other than fmt and data. */
    static short[] readWav(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        if (b.remaining() < 12 || b.getInt(0) != 0x46464952 || b.getInt(8) != 0x45564157) {
            throw new IOException(file + " is not a RIFF/WAVE file");
        }
        b.position(12);
        boolean formatChecked = false;
        while (b.remaining() >= 8) {
            int id = b.getInt();
            int size = b.getInt();
            if (id == 0x20746d66) { // "fmt "
                int format = b.getShort(b.position()) & 0xffff;
                int channels = b.getShort(b.position() + 2);
                int rate = b.getInt(b.position() + 4);
                int bits = b.getShort(b.position() + 14);
                if (format != 1 || channels != 1 || rate != RATE || bits != 16) {
                    throw new IOException(file + ": expected 16 kHz mono 16-bit PCM, got format " + format + ", "
                            + channels + " channel(s), " + rate + " Hz, " + bits + " bits");
                }
                formatChecked = true;
            } else if (id == 0x61746164) { // "data"
                if (!formatChecked) {
                    throw new IOException(file + ": data before fmt");
                }
                int length = Math.min(size, b.remaining()) / 2;
                short[] samples = new short[length];
                b.asShortBuffer().get(samples);
                return samples;
            }
            b.position(b.position() + size + (size & 1));
        }
        throw new IOException(file + " has no data chunk");
    }

    static void writeWav(Path file, short[] samples) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(44 + samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x46464952).putInt(36 + samples.length * 2).putInt(0x45564157);
        b.putInt(0x20746d66).putInt(16).putShort((short) 1).putShort((short) 1).putInt(RATE).putInt(RATE * 2)
                .putShort((short) 2).putShort((short) 16);
        b.putInt(0x61746164).putInt(samples.length * 2);
        b.asShortBuffer().put(samples);
        Files.write(file, b.array());
    }

    /**
     * Cuts the engine's own leading and trailing near-silence (10 ms frames below {@code thresholdDbfs}), so the
     * gaps between sentences are exactly the ones the corpus asks for and the sentence bounds are where speech is.
     */
    static short[] trimSilence(short[] samples, double thresholdDbfs) {
        int frame = RATE / 100;
        int first = -1;
        int last = -1;
        for (int start = 0; start < samples.length; start += frame) {
            int end = Math.min(samples.length, start + frame);
            double sum = 0;
            for (int i = start; i < end; i++) {
                sum += (double) samples[i] * samples[i];
            }
            double rms = Math.sqrt(sum / (end - start));
            if (rms > 0 && 20 * Math.log10(rms / 32768.0) > thresholdDbfs) {
                if (first < 0) {
                    first = start;
                }
                last = end;
            }
        }
        if (first < 0) {
            return new short[0];
        }
        return java.util.Arrays.copyOfRange(samples, first, last);
    }
}
