package dev.persona.ingest.media;

import dev.persona.common.problem.ApiException;
import dev.persona.common.problem.ErrorCodes;
import dev.persona.ingest.config.IngestConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Validates and decodes an audio upload to 16 kHz mono PCM with FFmpeg (JavaCV, confined by {@link FfmpegAudio}).
 * Every refusal is an {@link ApiException} with a stable code, raised before anything is stored. Whether the audio
 * holds speech is {@link SpeechCheck}'s question, not this one's. Blocking and CPU-bound: call it from a worker thread.
 */
@ApplicationScoped
public class AudioDecoder {

    @Inject
    IngestConfig config;

    public DecodedAudio decode(byte[] bytes) {
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
        DecodeBudget budget = new DecodeBudget(config.maxAudioSeconds(), config.decodeTimeout());
        return new DecodedAudio(FfmpegAudio.decode(bytes, format, budget), format);
    }
}
