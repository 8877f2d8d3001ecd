package dev.persona.chat.service.voice;

import dev.persona.common.audio.PcmAudio;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * 16-bit PCM RIFF/WAVE in and out. Reading walks the chunks with every size taken as unsigned and bounded by the bytes
 * present, so a hostile or cut-off header cannot make it read past the buffer; a data chunk that runs past the end
 * (a prefix of a longer file) yields the samples present. Several channels are mixed down to the first.
 */
public final class WavCodec {
    private static final int HEADER_BYTES = 44;

    private WavCodec() {
    }

    public static final class BadWav extends RuntimeException {
        BadWav(String message) {
            super(message);
        }
    }

    public static PcmAudio read(byte[] wav) {
        ByteBuffer b = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        if (wav.length < 12 || b.getInt(0) != 0x46464952 || b.getInt(8) != 0x45564157) {
            throw new BadWav("not a RIFF/WAVE file");
        }
        int channels = 0;
        int rate = 0;
        int bits = 0;
        long pos = 12;
        while (pos + 8 <= wav.length) {
            int id = b.getInt((int) pos);
            long size = Integer.toUnsignedLong(b.getInt((int) pos + 4));
            long body = pos + 8;
            if (id == 0x20746d66) { // "fmt "
                if (size < 16 || body + 16 > wav.length) {
                    throw new BadWav("format chunk too short");
                }
                int format = Short.toUnsignedInt(b.getShort((int) body));
                channels = Short.toUnsignedInt(b.getShort((int) body + 2));
                rate = b.getInt((int) body + 4);
                bits = Short.toUnsignedInt(b.getShort((int) body + 14));
                if ((format != 1 && format != 0xFFFE) || bits != 16 || channels < 1 || rate < 1000 || rate > 192_000) {
                    throw new BadWav("only 16-bit PCM is read (format " + format + ", " + bits + " bits)");
                }
            } else if (id == 0x61746164) { // "data"
                if (channels == 0) {
                    throw new BadWav("data before format");
                }
                long end = Math.min(wav.length, body + size);
                int frame = 2 * channels;
                int frames = (int) ((end - body) / frame);
                short[] samples = new short[frames];
                for (int i = 0; i < frames; i++) {
                    samples[i] = b.getShort((int) (body + (long) i * frame));
                }
                return new PcmAudio(samples, rate);
            }
            pos = body + size + (size & 1);
        }
        throw new BadWav("no data chunk");
    }

    public static byte[] write(PcmAudio audio) {
        short[] s = audio.samples();
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES + 2 * s.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x46464952).putInt(36 + 2 * s.length).putInt(0x45564157);
        b.putInt(0x20746d66).putInt(16).putShort((short) 1).putShort((short) 1).putInt(audio.sampleRate())
                .putInt(audio.sampleRate() * 2).putShort((short) 2).putShort((short) 16);
        b.putInt(0x61746164).putInt(2 * s.length);
        for (short v : s) {
            b.putShort(v);
        }
        return b.array();
    }

    /** Raw PCM bytes (as FreeTTS hands them over) to samples. */
    static short[] samples(ByteArrayOutputStream pcm, boolean bigEndian) {
        ByteBuffer b = ByteBuffer.wrap(pcm.toByteArray())
                .order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        short[] out = new short[b.remaining() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = b.getShort();
        }
        return out;
    }
}
