package dev.persona.transcribe.service;

import dev.persona.common.audio.PcmAudio;
import dev.persona.transcribe.domain.PermanentFailure;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/** Reads the normalised wav ingest-service writes: 16 kHz, mono, signed 16-bit PCM; anything else is refused. */
public final class WavReader {
    private WavReader() {
    }

    public static PcmAudio read(byte[] wav) {
        return read(new ByteArrayInputStream(wav));
    }

    public static PcmAudio read(Path wav) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(wav))) {
            return read(in);
        } catch (IOException e) {
            throw new PermanentFailure("could not read audio file " + wav + ": " + e.getMessage(), e);
        }
    }

    private static PcmAudio read(InputStream in) {
        try (AudioInputStream audio = AudioSystem.getAudioInputStream(in)) {
            AudioFormat f = audio.getFormat();
            boolean pcm16 = f.getEncoding() == AudioFormat.Encoding.PCM_SIGNED && f.getSampleSizeInBits() == 16;
            if (!pcm16 || f.getChannels() != 1 || Math.round(f.getSampleRate()) != PcmAudio.EXPECTED_RATE) {
                throw new PermanentFailure("the normalised audio is not 16 kHz mono 16-bit PCM (found " + f + ")");
            }
            byte[] bytes = audio.readAllBytes();
            short[] samples = new short[bytes.length / 2];
            ByteBuffer.wrap(bytes, 0, samples.length * 2)
                    .order(f.isBigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN)
                    .asShortBuffer().get(samples);
            return new PcmAudio(samples, PcmAudio.EXPECTED_RATE);
        } catch (UnsupportedAudioFileException e) {
            throw new PermanentFailure("the normalised audio is not a readable wav file", e);
        } catch (IOException e) {
            throw new PermanentFailure("the normalised audio could not be read: " + e.getMessage(), e);
        }
    }
}
