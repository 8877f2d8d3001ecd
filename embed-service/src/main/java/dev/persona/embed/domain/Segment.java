package dev.persona.embed.domain;

/**
 * One piece of a transcript as its producer stored it: a timed stretch of speech (recordings) or the text of a
 * page (documents). Times and page are null where they do not apply.
 */
public record Segment(Double startSec, Double endSec, Integer page, String text) {

    public Segment withText(String newText) {
        return new Segment(startSec, endSec, page, newText);
    }
}
