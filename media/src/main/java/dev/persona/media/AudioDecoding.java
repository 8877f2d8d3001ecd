package dev.persona.media;

import dev.persona.common.problem.ApiException;
import dev.persona.common.problem.ErrorCodes;
import java.time.Duration;

/**
 * Validates and decodes audio to 16 kHz mono PCM with FFmpeg (JavaCV, confined by {@link FfmpegAudio}). Every refusal
 * is an {@link ApiException} with a stable code. Whether the audio holds speech is the caller's question (the VAD in
 * common), not this one's. Blocking and CPU-bound: call it from a worker thread.
 */
public final class AudioDecoding {

    private AudioDecoding() {
    }

    /**
     * @param maxSeconds longest audio accepted (413 too-long past it, checked while decoding)
     * @param timeout    wall-clock limit of one decode (422 parse-timeout past it)
     */
    public static DecodedAudio decode(byte[] bytes, double maxSeconds, Duration timeout) {
        if (bytes.length == 0) {
            throw ApiException.badRequest(ErrorCodes.EMPTY_FILE, "The file is empty.");
        }
        AudioFormat format = AudioSniffer.sniff(bytes).orElseThrow(() -> new ApiException(415,
                ErrorCodes.UNSUPPORTED_FORMAT, "Unsupported format",
                "The file is not audio in a supported format (wav, mp3, ogg/opus, webm, m4a/aac, flac)."));
        if (format == AudioFormat.WAV) {
            WavCodec.structuralProblem(bytes).ifPresent(problem -> {
                throw FfmpegAudio.corrupt(problem);
            });
        }
        DecodeBudget budget = new DecodeBudget(maxSeconds, timeout);
        return new DecodedAudio(FfmpegAudio.decode(bytes, format, budget), format);
    }
}
