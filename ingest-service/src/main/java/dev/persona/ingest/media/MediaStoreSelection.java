package dev.persona.ingest.media;

import dev.persona.ingest.config.IngestConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Fails fast at start when a media store is configured that this build does not have (S3 is not built yet). */
@ApplicationScoped
public class MediaStoreSelection {

    void onStart(@Observes StartupEvent event, IngestConfig config) {
        if (!"gridfs".equalsIgnoreCase(config.mediaStore())) {
            throw new IllegalStateException("persona.ingest.media-store=" + config.mediaStore()
                    + " is not available; only 'gridfs' is implemented.");
        }
    }
}
