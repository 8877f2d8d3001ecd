package dev.persona.ingest.text;

import dev.persona.ingest.config.IngestConfig;

/**
 * How much of a document's structure the extractor will follow: pages, extracted characters, MIME nesting and
 * parts, archive entries and inflated bytes. Every bound is checked while reading, so an input is refused as soon
 * as it crosses one, before it costs more.
 */
public record DocumentLimits(int maxPages, int maxCharacters, int maxMimeDepth, int maxMimeParts,
        int maxArchiveEntries, long maxInflatedBytes) {

    /** Glyphs one PDF page may place; each is held in memory (with its position) until the page is written. */
    public static final int MAX_GLYPHS_PER_PAGE = 200_000;

    public static DocumentLimits of(IngestConfig.Documents config) {
        return new DocumentLimits(config.maxPages(), config.maxCharacters(), config.maxMimeDepth(),
                config.maxMimeParts(), config.maxArchiveEntries(), config.maxInflatedBytes());
    }
}
