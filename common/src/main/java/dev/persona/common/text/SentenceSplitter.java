package dev.persona.common.text;

import dev.langchain4j.data.document.splitter.DocumentBySentenceSplitter;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Finds sentence boundaries in written text as character spans; the one splitter embed-service (chunking) and
 * chat-service (older chunks without stored sentences) share. English (and unknown languages) use the OpenNLP sentence model that
 * LangChain4j's {@link DocumentBySentenceSplitter} bundles, which knows abbreviations such as "Mr." and "e.g.";
 * other languages use the JDK's locale-aware {@link BreakIterator}.
 */
public final class SentenceSplitter {
    /** Size limits are irrelevant here: only its sentence detection is used, never its segment packing. */
    private final DocumentBySentenceSplitter openNlp = new DocumentBySentenceSplitter(Integer.MAX_VALUE, 0);

    public record Span(int start, int end) {
    }

    /**
     * Where written text ends a sentence whatever its punctuation: a blank line (a paragraph or a heading above one)
     * and the end of a Markdown heading line ("# Notes from the meeting"). Hard-wrapped lines stay joined.
     */
    private static final java.util.regex.Pattern BLOCK_BREAK = java.util.regex.Pattern.compile(
            "\\n[ \\t]*\\r?\\n\\s*|(?m)(?<=^#{1,6}[ \\t][^\\n]{0,200})\\r?\\n");

    /** Spans of {@code text} (start inclusive, end exclusive), trimmed, in order, never empty. */
    public List<Span> split(String text, String language) {
        if (text.isBlank()) {
            return List.of();
        }
        List<Span> spans = new ArrayList<>();
        java.util.regex.Matcher breaks = BLOCK_BREAK.matcher(text);
        int start = 0;
        while (breaks.find()) {
            splitBlock(text, start, breaks.start(), language, spans);
            start = breaks.end();
        }
        splitBlock(text, start, text.length(), language, spans);
        return spans;
    }

    private void splitBlock(String text, int from, int to, String language, List<Span> spans) {
        String block = text.substring(from, to);
        if (block.isBlank()) {
            return;
        }
        for (Span s : Languages.isEnglishOrUnknown(language) ? withOpenNlp(block) : withBreakIterator(block, language)) {
            spans.add(new Span(from + s.start(), from + s.end()));
        }
    }

    private List<Span> withOpenNlp(String text) {
        List<Span> spans = new ArrayList<>();
        int cursor = 0;
        for (String sentence : openNlp.split(text)) {
            String trimmed = sentence.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            int at = text.indexOf(trimmed, cursor);
            if (at < 0) {
                // The detector only trims; should it ever rewrite text, keep the rest as one sentence rather than lose it.
                addTrimmed(text, cursor, text.length(), spans);
                return spans;
            }
            spans.add(new Span(at, at + trimmed.length()));
            cursor = at + trimmed.length();
        }
        if (cursor < text.length()) {
            addTrimmed(text, cursor, text.length(), spans);
        }
        return spans;
    }

    private static List<Span> withBreakIterator(String text, String language) {
        BreakIterator iterator = BreakIterator.getSentenceInstance(Locale.forLanguageTag(language.trim()));
        iterator.setText(text);
        List<Span> spans = new ArrayList<>();
        int start = iterator.first();
        for (int end = iterator.next(); end != BreakIterator.DONE; start = end, end = iterator.next()) {
            addTrimmed(text, start, end, spans);
        }
        return spans;
    }

    private static void addTrimmed(String text, int start, int end, List<Span> spans) {
        while (start < end && Character.isWhitespace(text.charAt(start))) {
            start++;
        }
        while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        if (end > start) {
            spans.add(new Span(start, end));
        }
    }
}
