package dev.persona.embed.service;

import dev.persona.embed.domain.Chunk;
import dev.persona.embed.domain.Segment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts cleaned transcript segments into sentence-aligned chunks of at most {@code maxTokens} model tokens, each
 * repeating the last sentence(s) of the previous chunk so that a thought cut at a boundary is still found whole.
 *
 * <p>Segments are joined into one text so that sentences may run across segment (speech) or page (document)
 * boundaries; each chunk then takes the times or pages of every segment its sentences touch. Blank lines inside a
 * document segment are paragraph breaks and always end a sentence. A sentence longer than a chunk (speech recognised
 * without punctuation) is cut into word pieces, preferably where a segment starts, and a single "word" longer than a
 * piece (a URL, garbage from extraction) is cut by characters, so no chunk ever exceeds the limit.
 */
public final class Chunker {
    private static final String PARAGRAPH = "\n\n";

    private final Params params;
    private final SentenceSplitter splitter;
    private final TokenCounter tokens;

    public record Params(int maxTokens, int overlapSentences, int maxOverlapTokens, int longSentencePieceTokens) {
        public Params {
            if (maxTokens < 8) {
                throw new IllegalArgumentException("maxTokens must be at least 8, was " + maxTokens);
            }
            if (overlapSentences < 0 || maxOverlapTokens < 0 || maxOverlapTokens >= maxTokens) {
                throw new IllegalArgumentException("overlap must be >= 0 and below maxTokens");
            }
            if (longSentencePieceTokens < 1) {
                throw new IllegalArgumentException("longSentencePieceTokens must be positive");
            }
        }
    }

    /** A sentence, or a piece of an over-long one: a span of the joined text and its token count. */
    private record Unit(int start, int end, int tokens) {
    }

    public Chunker(Params params, SentenceSplitter splitter, TokenCounter tokens) {
        this.params = params;
        this.splitter = splitter;
        this.tokens = tokens;
    }

    public Params params() {
        return params;
    }

    /** @param segments already cleaned; blank ones are ignored */
    public List<Chunk> chunk(List<Segment> segments, String language) {
        List<Segment> used = segments.stream().filter(s -> s.text() != null && !s.text().isBlank()).toList();
        if (used.isEmpty()) {
            return List.of();
        }
        StringBuilder joined = new StringBuilder();
        int[] segStart = new int[used.size()];
        int[] segEnd = new int[used.size()];
        for (int i = 0; i < used.size(); i++) {
            if (i > 0) {
                joined.append(' ');
            }
            segStart[i] = joined.length();
            joined.append(used.get(i).text().strip());
            segEnd[i] = joined.length();
        }
        String text = joined.toString();
        List<Unit> units = units(text, language, segStart);
        return pack(units, text, used, segStart, segEnd);
    }

    private List<Unit> units(String text, String language, int[] segStart) {
        List<Unit> units = new ArrayList<>();
        int paragraphStart = 0;
        while (paragraphStart <= text.length()) {
            int paragraphEnd = text.indexOf(PARAGRAPH, paragraphStart);
            if (paragraphEnd < 0) {
                paragraphEnd = text.length();
            }
            String paragraph = text.substring(paragraphStart, paragraphEnd);
            for (SentenceSplitter.Span span : splitter.split(paragraph, language)) {
                int start = paragraphStart + span.start();
                int end = paragraphStart + span.end();
                int count = tokens.count(text.substring(start, end));
                if (count <= params.maxTokens()) {
                    units.add(new Unit(start, end, count));
                } else {
                    pieces(text, start, end, segStart, units);
                }
            }
            paragraphStart = paragraphEnd + PARAGRAPH.length();
        }
        return units;
    }

    /** Word pieces of an over-long sentence; cuts where a segment starts once a piece is half full. */
    private void pieces(String text, int start, int end, int[] segStart, List<Unit> out) {
        int limit = Math.min(params.maxTokens(), params.longSentencePieceTokens());
        int pieceStart = -1;
        int pieceEnd = -1;
        int pieceTokens = 0;
        int i = start;
        while (i < end) {
            while (i < end && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i >= end) {
                break;
            }
            int wordStart = i;
            while (i < end && !Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            int wordEnd = i;
            int wordTokens = tokens.count(text.substring(wordStart, wordEnd));
            boolean atSegmentStart = Arrays.binarySearch(segStart, wordStart) >= 0;
            if (pieceStart >= 0 && (pieceTokens + wordTokens > limit
                    || atSegmentStart && pieceTokens * 2 >= limit)) {
                out.add(new Unit(pieceStart, pieceEnd, pieceTokens));
                pieceStart = -1;
                pieceTokens = 0;
            }
            if (wordTokens > limit) {
                slices(text, wordStart, wordEnd, limit, out);
                continue;
            }
            if (pieceStart < 0) {
                pieceStart = wordStart;
            }
            pieceEnd = wordEnd;
            pieceTokens += wordTokens;
        }
        if (pieceStart >= 0) {
            out.add(new Unit(pieceStart, pieceEnd, pieceTokens));
        }
    }

    /** Character slices of one huge word; WordPiece never makes more tokens than characters. */
    private void slices(String text, int start, int end, int limit, List<Unit> out) {
        int at = start;
        while (at < end) {
            int sliceEnd = at;
            int chars = 0;
            while (sliceEnd < end && chars < limit) {
                sliceEnd += Character.charCount(text.codePointAt(sliceEnd));
                chars++;
            }
            out.add(new Unit(at, sliceEnd, tokens.count(text.substring(at, sliceEnd))));
            at = sliceEnd;
        }
    }

    private List<Chunk> pack(List<Unit> units, String text, List<Segment> segments, int[] segStart, int[] segEnd) {
        List<Chunk> chunks = new ArrayList<>();
        List<Unit> current = new ArrayList<>();
        int currentTokens = 0;
        for (Unit unit : units) {
            if (!current.isEmpty() && currentTokens + unit.tokens() > params.maxTokens()) {
                chunks.add(toChunk(chunks.size(), current, text, segments, segStart, segEnd));
                current = overlap(current, unit);
                currentTokens = current.stream().mapToInt(Unit::tokens).sum();
            }
            current.add(unit);
            currentTokens += unit.tokens();
        }
        if (!current.isEmpty()) {
            chunks.add(toChunk(chunks.size(), current, text, segments, segStart, segEnd));
        }
        return chunks;
    }

    /** The trailing units repeated in the next chunk: within both overlap limits and leaving room for {@code next}. */
    private List<Unit> overlap(List<Unit> previous, Unit next) {
        List<Unit> carried = new ArrayList<>();
        int carriedTokens = 0;
        for (int i = previous.size() - 1; i >= 0 && carried.size() < params.overlapSentences(); i--) {
            Unit unit = previous.get(i);
            int total = carriedTokens + unit.tokens();
            if (total > params.maxOverlapTokens() || total + next.tokens() > params.maxTokens()) {
                break;
            }
            carried.add(0, unit);
            carriedTokens = total;
        }
        return carried;
    }

    private Chunk toChunk(int index, List<Unit> units, String text, List<Segment> segments, int[] segStart,
            int[] segEnd) {
        StringBuilder chunkText = new StringBuilder();
        int tokenCount = 0;
        for (Unit unit : units) {
            if (!chunkText.isEmpty()) {
                chunkText.append(' ');
            }
            chunkText.append(text, unit.start(), unit.end());
            tokenCount += unit.tokens();
        }
        int from = units.get(0).start();
        int to = units.get(units.size() - 1).end();
        Double startSec = null;
        Double endSec = null;
        Integer firstPage = null;
        Integer lastPage = null;
        for (int i = firstSegmentEndingAfter(segEnd, from); i < segments.size() && segStart[i] < to; i++) {
            Segment segment = segments.get(i);
            if (segment.startSec() != null) {
                startSec = startSec == null ? segment.startSec() : Math.min(startSec, segment.startSec());
            }
            if (segment.endSec() != null) {
                endSec = endSec == null ? segment.endSec() : Math.max(endSec, segment.endSec());
            }
            if (segment.page() != null) {
                firstPage = firstPage == null ? segment.page() : Math.min(firstPage, segment.page());
                lastPage = lastPage == null ? segment.page() : Math.max(lastPage, segment.page());
            }
        }
        return new Chunk(index, chunkText.toString(), tokenCount, startSec, endSec, firstPage, lastPage);
    }

    private static int firstSegmentEndingAfter(int[] segEnd, int position) {
        int low = 0;
        int high = segEnd.length - 1;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (segEnd[mid] > position) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        return low;
    }
}
