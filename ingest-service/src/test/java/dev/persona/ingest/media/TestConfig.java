package dev.persona.ingest.media;

import dev.persona.ingest.config.IngestConfig;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;

/** The real {@link IngestConfig} mapping for plain unit tests: its defaults, with the given keys overridden. */
public final class TestConfig {
    private TestConfig() {
    }

    /** {@code overrides} are keys below {@code persona.ingest.}, e.g. {@code "max-audio-seconds" -> "20"}. */
    public static IngestConfig ingest(Map<String, String> overrides) {
        Map<String, String> properties = new java.util.HashMap<>();
        overrides.forEach((key, value) -> properties.put("persona.ingest." + key, value));
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(IngestConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 500))
                .build();
        return config.getConfigMapping(IngestConfig.class);
    }
}
