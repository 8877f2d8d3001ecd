package dev.persona.common.memory;

import java.util.List;

/**
 * One unit of a source's text. For recordings it is an utterance (about a sentence, cut at pauses), with its seconds,
 * the recogniser's own words and times, and {@code text} restored to sentence case and end punctuation beside the
 * untouched {@code rawText}. For documents it is a paragraph with its page (no seconds, no words).
 */
public record TranscriptSegment(Double startSec, Double endSec, Integer page, String text, String rawText,
        List<SpokenWord> words) {

    public TranscriptSegment {
        words = words == null ? List.of() : List.copyOf(words);
    }

    public static TranscriptSegment spoken(double startSec, double endSec, String text, String rawText,
            List<SpokenWord> words) {
        return new TranscriptSegment(startSec, endSec, null, text, rawText, words);
    }

    public static TranscriptSegment written(Integer page, String text) {
        return new TranscriptSegment(null, null, page, text, null, List.of());
    }

    public TranscriptSegment withText(String newText) {
        return new TranscriptSegment(startSec, endSec, page, newText, rawText, words);
    }
}
