package dev.persona.ingest.media;

import dev.persona.ingest.config.IngestConfig;
import dev.persona.media.AudioDecoding;
import dev.persona.media.DecodedAudio;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * An upload's audio decoded under ingest's limits ({@code persona.ingest.max-audio-seconds}, {@code decode-timeout});
 * every refusal is raised before anything is stored. Blocking and CPU-bound: call it from a worker thread.
 */
@ApplicationScoped
public class AudioDecoder {

    @Inject
    IngestConfig config;

    public DecodedAudio decode(byte[] bytes) {
        return AudioDecoding.decode(bytes, config.maxAudioSeconds(), config.decodeTimeout());
    }
}
