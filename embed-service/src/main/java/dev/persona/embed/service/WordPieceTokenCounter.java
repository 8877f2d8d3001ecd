package dev.persona.embed.service;

import dev.langchain4j.model.embedding.onnx.HuggingFaceTokenCountEstimator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The exact count of the embedding model's tokenizer: LangChain4j ships the BERT uncased WordPiece tokenizer that
 * all-MiniLM-L6-v2 uses (the two tokenizer.json files in the jars are byte-identical).
 *
 * <p>BERT's pre-tokenizer splits on whitespace before anything else, so a text's count is the sum of its
 * whitespace-separated words' counts. Words are therefore counted once and remembered: a call into the native
 * tokenizer costs ~0.2 ms, a map lookup next to nothing, and a person's vocabulary is small. The chunker also relies on
 * this additivity when it joins sentences with a space.
 */
public final class WordPieceTokenCounter implements TokenCounter {
    private static final int MAX_CACHED_WORDS = 200_000;
    private static final int MAX_CACHED_WORD_LENGTH = 40;

    private final HuggingFaceTokenCountEstimator estimator = new HuggingFaceTokenCountEstimator();
    private final Map<String, Integer> wordCounts = new ConcurrentHashMap<>();

    @Override
    public int count(String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        int total = 0;
        int i = 0;
        int length = text.length();
        while (i < length) {
            while (i < length && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < length && !Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i > start) {
                total += word(text.substring(start, i));
            }
        }
        return total;
    }

    /** The tokenizer's own count of the whole text, without the word cache. */
    public int countDirect(String text) {
        return text == null || text.isEmpty() ? 0 : estimator.estimateTokenCountInText(text);
    }

    private int word(String word) {
        if (word.length() > MAX_CACHED_WORD_LENGTH) {
            return estimator.estimateTokenCountInText(word);
        }
        Integer known = wordCounts.get(word);
        if (known != null) {
            return known;
        }
        if (wordCounts.size() >= MAX_CACHED_WORDS) {
            wordCounts.clear(); // crude, but bounded; the working set refills at once
        }
        int count = estimator.estimateTokenCountInText(word);
        wordCounts.put(word, count);
        return count;
    }
}
