package dev.persona.chat.generation.llama;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A tiny llama-architecture model with random weights, written as GGUF through {@link GgufWriter}: a
 * SentencePiece-style vocabulary of a few hundred pieces (control tokens, the 256 byte-fallback tokens, printable
 * characters and word pieces), {@code layers} transformer blocks with grouped-query attention, F32 tensors.
 *
 * <p>Its text is nonsense, but one property is made exact so tests can assert token counts and stop reasons:
 * embedding dimension 0 carries a large constant that no block writes to (row 0 of {@code attn_output} and
 * {@code ffn_down} is zero), so after the final RMS norm it is a positive constant and column 0 of
 * {@code output.weight} acts as a per-token logit bias. Tokens that would make streamed chunks ambiguous (control
 * tokens, control and non-ASCII bytes) get a bias so negative they are never sampled, and {@link EndOfText} decides
 * whether end-of-sequence is never produced, produced at once, or left to chance.
 */
final class TinyLlamaModel {

    static final int UNK = 0;
    static final int BOS = 1;
    static final int EOS = 2;

    /** What the model does with its end-of-sequence token. */
    enum EndOfText {
        /** Never generated: every generation runs until the token limit. */
        NEVER,
        /** Generated as the first token: every answer is empty and stops naturally. */
        IMMEDIATELY
    }

    static final String CHATML_TEMPLATE = "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n'"
            + " + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}"
            + "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

    private static final float BLOCKED = -60f;
    private static final float FORCED = 60f;
    /** Carrier value per sqrt(embedding length): after the final norm it stays near sqrt(embedding length). */
    private static final float CARRIER_PER_SQRT_DIM = 0.5f;

    private static final String[] WORDS = {"the", "and", "you", "that", "was", "for", "are", "with", "his", "they",
        "have", "this", "from", "what", "when", "your", "said", "there", "about", "would", "which", "remember",
        "because", "people", "family", "always", "never", "really", "think", "know", "time", "home", "father",
        "mother", "summer", "garden", "music", "work", "years", "little", "house", "school", "friend", "morning"};

    private int embeddingLength = 64;
    private int layers = 2;
    private int heads = 4;
    private int kvHeads = 2;
    private int feedForwardLength = 128;
    private int contextLength = 512;
    private long seed = 7;
    private String chatTemplate;
    private EndOfText endOfText = EndOfText.NEVER;

    TinyLlamaModel embeddingLength(int value) {
        embeddingLength = value;
        return this;
    }

    TinyLlamaModel layers(int value) {
        layers = value;
        return this;
    }

    TinyLlamaModel feedForwardLength(int value) {
        feedForwardLength = value;
        return this;
    }

    TinyLlamaModel contextLength(int value) {
        contextLength = value;
        return this;
    }

    TinyLlamaModel chatTemplate(String value) {
        chatTemplate = value;
        return this;
    }

    TinyLlamaModel endOfText(EndOfText value) {
        endOfText = value;
        return this;
    }

    /** Writes the model as {@code file} and returns it. */
    Path writeTo(Path file) throws IOException {
        if (embeddingLength % heads != 0) {
            throw new IllegalStateException("embedding length must be a multiple of the head count");
        }
        Vocabulary vocab = vocabulary(chatTemplate != null);
        Random random = new Random(seed);
        int headDim = embeddingLength / heads;
        int kvDim = headDim * kvHeads;
        // Weights scaled by 1/sqrt(fan-in) keep the residual stream O(1) at any size, so the carrier (and with
        // it the logit bias) dominates for bench-sized models as well as for the tests' tiny one.
        float in = 1.6f / (float) Math.sqrt(embeddingLength);
        float out = 0.8f / (float) Math.sqrt(embeddingLength);
        float down = 0.8f / (float) Math.sqrt(feedForwardLength);
        float carrier = CARRIER_PER_SQRT_DIM * (float) Math.sqrt(embeddingLength);

        GgufWriter gguf = new GgufWriter()
                .putString("general.architecture", "llama")
                .putString("general.name", "persona-tiny-random-llama")
                .putUInt32("general.file_type", 0)
                .putUInt32("llama.context_length", contextLength)
                .putUInt32("llama.embedding_length", embeddingLength)
                .putUInt32("llama.block_count", layers)
                .putUInt32("llama.feed_forward_length", feedForwardLength)
                .putUInt32("llama.attention.head_count", heads)
                .putUInt32("llama.attention.head_count_kv", kvHeads)
                .putUInt32("llama.rope.dimension_count", headDim)
                .putFloat32("llama.rope.freq_base", 10000f)
                .putFloat32("llama.attention.layer_norm_rms_epsilon", 1e-5f)
                .putUInt32("llama.vocab_size", vocab.pieces.size())
                .putString("tokenizer.ggml.model", "llama")
                .putStringArray("tokenizer.ggml.tokens", vocab.pieces)
                .putFloat32Array("tokenizer.ggml.scores", vocab.scores())
                .putInt32Array("tokenizer.ggml.token_type", vocab.types())
                .putUInt32("tokenizer.ggml.unknown_token_id", UNK)
                .putUInt32("tokenizer.ggml.bos_token_id", BOS)
                .putUInt32("tokenizer.ggml.eos_token_id", EOS)
                .putBool("tokenizer.ggml.add_bos_token", true)
                .putBool("tokenizer.ggml.add_eos_token", false);
        if (chatTemplate != null) {
            gguf.putString("tokenizer.chat_template", chatTemplate);
        }

        int nVocab = vocab.pieces.size();
        float[] embeddings = random(random, embeddingLength * nVocab, 0.5f);
        for (int t = 0; t < nVocab; t++) {
            embeddings[t * embeddingLength] = carrier;
        }
        gguf.addTensor("token_embd.weight", new long[] {embeddingLength, nVocab}, embeddings);
        gguf.addTensor("output_norm.weight", new long[] {embeddingLength}, ones(embeddingLength));
        float[] output = random(random, embeddingLength * nVocab, 0.5f);
        for (int t = 0; t < nVocab; t++) {
            output[t * embeddingLength] = logitBias(vocab, t);
        }
        gguf.addTensor("output.weight", new long[] {embeddingLength, nVocab}, output);

        for (int i = 0; i < layers; i++) {
            String blk = "blk." + i + ".";
            gguf.addTensor(blk + "attn_norm.weight", new long[] {embeddingLength}, ones(embeddingLength));
            gguf.addTensor(blk + "attn_q.weight", new long[] {embeddingLength, embeddingLength},
                    random(random, embeddingLength * embeddingLength, in));
            gguf.addTensor(blk + "attn_k.weight", new long[] {embeddingLength, kvDim},
                    random(random, embeddingLength * kvDim, in));
            gguf.addTensor(blk + "attn_v.weight", new long[] {embeddingLength, kvDim},
                    random(random, embeddingLength * kvDim, in));
            gguf.addTensor(blk + "attn_output.weight", new long[] {embeddingLength, embeddingLength},
                    zeroFirstRow(random(random, embeddingLength * embeddingLength, out), embeddingLength));
            gguf.addTensor(blk + "ffn_norm.weight", new long[] {embeddingLength}, ones(embeddingLength));
            gguf.addTensor(blk + "ffn_gate.weight", new long[] {embeddingLength, feedForwardLength},
                    random(random, embeddingLength * feedForwardLength, in));
            gguf.addTensor(blk + "ffn_up.weight", new long[] {embeddingLength, feedForwardLength},
                    random(random, embeddingLength * feedForwardLength, in));
            gguf.addTensor(blk + "ffn_down.weight", new long[] {feedForwardLength, embeddingLength},
                    zeroFirstRow(random(random, feedForwardLength * embeddingLength, down), feedForwardLength));
        }
        gguf.write(file);
        return file;
    }

    private float logitBias(Vocabulary vocab, int token) {
        if (token == EOS) {
            return endOfText == EndOfText.IMMEDIATELY ? FORCED : BLOCKED;
        }
        return vocab.sampleable(token) ? 0f : BLOCKED;
    }

    /** Row 0 of a {@code {cols, rows}} matrix is output dimension 0: zero keeps the carrier constant. */
    private static float[] zeroFirstRow(float[] matrix, int cols) {
        for (int c = 0; c < cols; c++) {
            matrix[c] = 0f;
        }
        return matrix;
    }

    private static float[] random(Random random, int size, float scale) {
        float[] values = new float[size];
        for (int i = 0; i < size; i++) {
            values[i] = (random.nextFloat() * 2f - 1f) * scale;
        }
        return values;
    }

    private static float[] ones(int size) {
        float[] values = new float[size];
        java.util.Arrays.fill(values, 1f);
        return values;
    }

    /**
     * SentencePiece-style pieces: "\u2581" marks a preceding space, as llama's tokenizer expects. With
     * {@code chatMarkers}, ChatML's turn markers are control tokens too, as in real ChatML models.
     */
    static Vocabulary vocabulary(boolean chatMarkers) {
        List<String> pieces = new ArrayList<>(List.of("<unk>", "<s>", "</s>"));
        List<Integer> types = new ArrayList<>(List.of(2, 3, 3)); // UNKNOWN, CONTROL, CONTROL
        if (chatMarkers) {
            pieces.addAll(List.of("<|im_start|>", "<|im_end|>"));
            types.addAll(List.of(3, 3));
        }
        for (int b = 0; b < 256; b++) {
            pieces.add(String.format("<0x%02X>", b));
            types.add(6); // BYTE
        }
        Set<String> normal = new LinkedHashSet<>();
        normal.add("\u2581");
        for (char c = '!'; c <= '~'; c++) {
            normal.add(String.valueOf(c));
        }
        for (char c = 'a'; c <= 'z'; c++) {
            normal.add("\u2581" + c);
        }
        for (String word : WORDS) {
            String piece = "\u2581" + word;
            for (int end = 3; end <= piece.length(); end++) {
                normal.add(piece.substring(0, end));
            }
        }
        for (String piece : normal) {
            pieces.add(piece);
            types.add(1); // NORMAL
        }
        return new Vocabulary(pieces, types);
    }

    record Vocabulary(List<String> pieces, List<Integer> tokenTypes) {

        /** Longer pieces score higher, so the tokenizer prefers whole words. */
        float[] scores() {
            float[] scores = new float[pieces.size()];
            for (int i = 0; i < scores.length; i++) {
                scores[i] = tokenTypes.get(i) == 1 ? pieces.get(i).length() - i * 1e-4f : 0f;
            }
            return scores;
        }

        int[] types() {
            return tokenTypes.stream().mapToInt(Integer::intValue).toArray();
        }

        /** Normal pieces and printable ASCII bytes: every sampled token then decodes to visible text on its own. */
        boolean sampleable(int token) {
            int type = tokenTypes.get(token);
            if (type == 1) {
                return true;
            }
            if (type == 6) {
                int b = Integer.parseInt(pieces.get(token).substring(3, 5), 16); // "<0xHH>"
                return b >= 0x20 && b < 0x7F;
            }
            return false;
        }
    }
}
