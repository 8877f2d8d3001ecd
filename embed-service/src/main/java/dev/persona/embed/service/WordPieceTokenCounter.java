package dev.persona.embed.service;

import dev.langchain4j.model.embedding.onnx.HuggingFaceTokenCountEstimator;

/**
 * The exact count of the embedding model's tokenizer: LangChain4j ships the BERT uncased WordPiece tokenizer that
 * all-MiniLM-L6-v2 uses (the two tokenizer.json files in the jars are byte-identical). WordPiece splits on
 * whitespace first, so counts add up over space-joined sentences, which the chunker relies on.
 */
public final class WordPieceTokenCounter implements TokenCounter {
    private final HuggingFaceTokenCountEstimator estimator = new HuggingFaceTokenCountEstimator();

    @Override
    public int count(String text) {
        return text == null || text.isEmpty() ? 0 : estimator.estimateTokenCountInText(text);
    }
}
