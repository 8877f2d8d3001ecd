package dev.persona.embed.domain;

/**
 * A sentence-aligned window of a transcript. Recordings carry the seconds of the segments its sentences came from,
 * documents the first and last page.
 */
public record Chunk(int index, String text, int tokenCount, Double startSec, Double endSec, Integer page,
        Integer endPage) {
}
