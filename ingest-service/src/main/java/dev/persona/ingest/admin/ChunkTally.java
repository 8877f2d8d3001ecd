package dev.persona.ingest.admin;

import java.util.LinkedHashMap;
import java.util.Map;

/** How many chunks and sources the {@code chunks} collection holds for a replay's scope, in all and per model. */
public class ChunkTally {
    public long chunks;
    /** Distinct sources with at least one chunk of any model. */
    public long sources;
    public Map<String, ModelTally> models = new LinkedHashMap<>();

    public static class ModelTally {
        public long chunks;
        public long sources;

        public ModelTally() {
        }

        ModelTally(long chunks, long sources) {
            this.chunks = chunks;
            this.sources = sources;
        }
    }
}
