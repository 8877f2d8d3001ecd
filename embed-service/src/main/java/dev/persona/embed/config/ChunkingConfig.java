package dev.persona.embed.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How transcripts are cut into chunks. Token counts use the embedding model's own WordPiece tokenizer. */
@ConfigMapping(prefix = "persona.chunking")
public interface ChunkingConfig {

    /**
     * Upper bound of a chunk, in model tokens (without [CLS]/[SEP]). all-MiniLM's bundled tokenizer truncates at 128
     * ids, so a longer chunk's vector would ignore its end; sentences carry their own vectors besides.
     */
    @WithDefault("120")
    int maxTokens();

    /** How many trailing sentences of a chunk are repeated at the start of the next one. */
    @WithDefault("1")
    int overlapSentences();

    /** Cap on the repeated sentences, so a long sentence does not turn overlap into duplication (a third of 120). */
    @WithDefault("40")
    int maxOverlapTokens();

    /**
     * A "sentence" longer than a whole chunk (typically speech recognised without punctuation) is cut into
     * pieces of at most this many tokens, preferably where a transcript segment (a pause) starts.
     */
    @WithDefault("60")
    int longSentencePieceTokens();
}
