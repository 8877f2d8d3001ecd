package dev.persona.embed.service;

import dev.persona.common.memory.ChunkSentence;
import dev.persona.common.memory.TranscriptSegment;
import dev.persona.common.text.SentenceSplitter;
import dev.persona.embed.domain.Chunk;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts cleaned transcript segments into sentence-aligned chunks of at most {@code maxTokens} model tokens, each
 * repeating the last sentence(s) of the previous chunk so that a thought cut at a boundary is still found whole.
 *
 * <p>A sentence never crosses a segment: a recording's segment is one utterance (transcribe-service cuts them at
 * pauses), so it is one sentence with its own seconds; a document's segment is a paragraph of a page, split into
 * sentences that keep that page. A sentence longer than a chunk is cut into word pieces (each piece gets its share
 * of the utterance's seconds), and a single "word" longer than a piece (a URL, extraction garbage) is cut by
 * characters, so no chunk ever exceeds the limit. Every chunk lists its sentences' spans, seconds and pages.
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

    /** A sentence, or a piece of an over-long one, with where it came from. */
    private record Unit(String text, int tokens, Double startSec, Double endSec, Integer page) {
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
    public List<Chunk> chunk(List<TranscriptSegment> segments, String language) {
        List<Unit> units = new ArrayList<>();
        for (TranscriptSegment segment : segments) {
            if (segment.text() == null || segment.text().isBlank()) {
                continue;
            }
            if (segment.startSec() != null) {
                addSentence(segment.text().strip(), segment.startSec(), segment.endSec(), null, units);
            } else {
                for (String paragraph : segment.text().split(PARAGRAPH)) {
                    for (SentenceSplitter.Span span : splitter.split(paragraph, language)) {
                        addSentence(paragraph.substring(span.start(), span.end()), null, null, segment.page(), units);
                    }
                }
            }
        }
        return pack(units);
    }

    private void addSentence(String sentence, Double startSec, Double endSec, Integer page, List<Unit> out) {
        if (sentence.isBlank()) {
            return;
        }
        int count = tokens.count(sentence);
        if (count <= params.maxTokens()) {
            out.add(new Unit(sentence, count, startSec, endSec, page));
            return;
        }
        List<int[]> spans = pieces(sentence);
        for (int[] span : spans) {
            String piece = sentence.substring(span[0], span[1]);
            out.add(new Unit(piece, tokens.count(piece), share(startSec, endSec, span[0], sentence.length()),
                    share(startSec, endSec, span[1], sentence.length()), page));
        }
    }

    /** The time a character offset of an utterance was said at, by its share of the utterance's characters. */
    private static Double share(Double startSec, Double endSec, int offset, int length) {
        if (startSec == null || endSec == null) {
            return startSec;
        }
        return Math.round((startSec + (endSec - startSec) * offset / Math.max(1, length)) * 100) / 100.0;
    }

    /** Character spans of word pieces of an over-long sentence, each within the piece limit. */
    private List<int[]> pieces(String text) {
        int limit = Math.min(params.maxTokens(), params.longSentencePieceTokens());
        List<int[]> out = new ArrayList<>();
        int pieceStart = -1;
        int pieceEnd = -1;
        int pieceTokens = 0;
        int i = 0;
        while (i < text.length()) {
            while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i >= text.length()) {
                break;
            }
            int wordStart = i;
            while (i < text.length() && !Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            int wordTokens = tokens.count(text.substring(wordStart, i));
            if (pieceStart >= 0 && pieceTokens + wordTokens > limit) {
                out.add(new int[] {pieceStart, pieceEnd});
                pieceStart = -1;
                pieceTokens = 0;
            }
            if (wordTokens > limit) {
                slices(text, wordStart, i, limit, out);
                continue;
            }
            if (pieceStart < 0) {
                pieceStart = wordStart;
            }
            pieceEnd = i;
            pieceTokens += wordTokens;
        }
        if (pieceStart >= 0) {
            out.add(new int[] {pieceStart, pieceEnd});
        }
        return out;
    }

    /** Character slices of one huge word; WordPiece never makes more tokens than characters. */
    private static void slices(String text, int start, int end, int limit, List<int[]> out) {
        int at = start;
        while (at < end) {
            int sliceEnd = at;
            int chars = 0;
            while (sliceEnd < end && chars < limit) {
                sliceEnd += Character.charCount(text.codePointAt(sliceEnd));
                chars++;
            }
            out.add(new int[] {at, sliceEnd});
            at = sliceEnd;
        }
    }

    private List<Chunk> pack(List<Unit> units) {
        List<Chunk> chunks = new ArrayList<>();
        List<Unit> current = new ArrayList<>();
        int currentTokens = 0;
        for (Unit unit : units) {
            if (!current.isEmpty() && currentTokens + unit.tokens() > params.maxTokens()) {
                chunks.add(toChunk(chunks.size(), current));
                current = overlap(current, unit);
                currentTokens = current.stream().mapToInt(Unit::tokens).sum();
            }
            current.add(unit);
            currentTokens += unit.tokens();
        }
        if (!current.isEmpty()) {
            chunks.add(toChunk(chunks.size(), current));
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

    private static Chunk toChunk(int index, List<Unit> units) {
        StringBuilder text = new StringBuilder();
        List<ChunkSentence> sentences = new ArrayList<>(units.size());
        int tokenCount = 0;
        Double startSec = null;
        Double endSec = null;
        Integer firstPage = null;
        Integer lastPage = null;
        for (Unit unit : units) {
            if (!text.isEmpty()) {
                text.append(' ');
            }
            int start = text.length();
            text.append(unit.text());
            sentences.add(new ChunkSentence(start, text.length(), unit.startSec(), unit.endSec(), unit.page(), null));
            tokenCount += unit.tokens();
            startSec = min(startSec, unit.startSec());
            endSec = max(endSec, unit.endSec());
            if (unit.page() != null) {
                firstPage = firstPage == null ? unit.page() : Integer.valueOf(Math.min(firstPage, unit.page()));
                lastPage = lastPage == null ? unit.page() : Integer.valueOf(Math.max(lastPage, unit.page()));
            }
        }
        return new Chunk(index, text.toString(), tokenCount, startSec, endSec, firstPage, lastPage, sentences);
    }

    // Boxed on purpose: a mixed Double/double conditional would unbox a null.
    private static Double min(Double a, Double b) {
        if (a == null) {
            return b;
        }
        return b == null ? a : Double.valueOf(Math.min(a, b));
    }

    private static Double max(Double a, Double b) {
        if (a == null) {
            return b;
        }
        return b == null ? a : Double.valueOf(Math.max(a, b));
    }
}
