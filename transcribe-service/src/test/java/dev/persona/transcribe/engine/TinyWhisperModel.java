package dev.persona.transcribe.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Writes a tiny Whisper model in whisper.cpp's legacy ggml file format, so that the real whisper.cpp (the v1.7.1
 * bundled in whisper-jni 1.7.1) loads it and runs its whole pipeline on it: log-mel spectrogram, convolutional and
 * transformer encoder over the full 30 s window (n_audio_ctx 1500), decoder with cross-attention, greedy sampling
 * with Whisper's timestamp rules, and segmentation at timestamp tokens. No weights are downloaded; they are written.
 *
 * <p>File layout, as {@code whisper_model_load} in whisper.cpp v1.7.1 reads it (all little-endian):
 * <ol>
 * <li>magic {@code 0x67676d6c} ("ggml");</li>
 * <li>eleven int32 hparams: n_vocab, n_audio_ctx, n_audio_state, n_audio_head, n_audio_layer, n_text_ctx,
 * n_text_state, n_text_head, n_text_layer, n_mels, ftype (1 = mostly F16, see below);</li>
 * <li>mel filters: int32 n_mel, int32 n_fft (must be 1 + 400/2 = 201), then n_mel x n_fft float32;</li>
 * <li>vocabulary: int32 count, then per token uint32 length and its bytes. Like the real English-only models (the
 * GPT-2 vocabulary, 50256 pieces) only the text tokens are written; with n_vocab 51864 whisper.cpp adds the 1608
 * special ones itself ([_EOT_] 50256, [_SOT_] 50257, languages, ..., [_BEG_] 50363, [_TT_1] ... [_TT_1500]);</li>
 * <li>every tensor: int32 n_dims, int32 name length, int32 ttype (0 = F32, 1 = F16), n_dims int32 sizes (ggml
 * order, fastest-varying first), the name, the data. Names and shapes are those of {@code whisper_model_load}; it
 * refuses a file with an unknown, missing or mis-shaped tensor.</li>
 * </ol>
 *
 * <p>Why not all F32 (ftype 0): whisper.cpp v1.7.1 loads such a file, but its first convolution then aborts the
 * process ({@code ggml.c:14800: GGML_ASSERT(src0->type == GGML_TYPE_F16) failed}: {@code ggml_conv_1d} always
 * builds an F16 im2col, which needs an F16 kernel, and with ftype 0 the kernels are F32). So, like the published
 * models, the file is ftype 1: the weight matrices, the token embedding and the convolution kernels are F16;
 * positional embeddings, biases and layer norms F32.</p>
 *
 * <p>Sizes: 64 states, 4 heads, one encoder and one decoder layer, 80 mels, 128 text positions; about 7.5 MB, most
 * of it the 51864 x 64 token embedding (F16; whisper ties it to the output projection).
 *
 * <p>The weights are random (seeded), except that the decoder is made to follow a fixed {@link #SCRIPT} so tests
 * can assert exact words and times: the decoder positional embedding of position {@code p} is a large multiple of
 * row {@code p + 1} of a 64 x 64 Sylvester-Hadamard matrix (rows other than 0 have mean 0 and variance 1, so the
 * final layer norm passes them through almost unchanged), and the embedding row of the token the script wants at
 * position {@code p} contains that same row. The logits are the dot product of the normalised residual with every
 * token's embedding: the scripted token gets ~19, every other token ~N(0, 0.5). The blocks' own contributions
 * (self-attention, cross-attention over the encoded audio, MLP) are random and real but small, so they perturb the
 * logits without changing the winner. Positions after the script ask for end-of-text.
 */
final class TinyWhisperModel {

    static final int N_VOCAB = 51864;
    /** Text pieces written in the file; whisper.cpp adds the special tokens up to {@link #N_VOCAB}. */
    static final int N_TEXT_TOKENS = 50256;
    static final int TOKEN_EOT = 50256;
    static final int TOKEN_BEG = 50363;
    static final int N_AUDIO_CTX = 1500;
    static final int N_STATE = 64;
    static final int N_HEAD = 4;
    static final int N_LAYER = 1;
    static final int N_TEXT_CTX = 128;
    static final int N_MELS = 80;
    static final int N_FFT = 201;
    static final double TIMESTAMP_STEP_SEC = 0.02;

    private static final int GGML_MAGIC = 0x67676d6c;
    /** ftype 1, "mostly F16", like the published ggml models: matrices F16, vectors and embeddings F32. */
    private static final int FTYPE_MOSTLY_F16 = 1;
    private static final int TYPE_F32 = 0;
    private static final int TYPE_F16 = 1;
    /** Scale of the positional code in the decoder residual stream (against ~0.3 from the token embedding). */
    private static final float POSITION_SCALE = 6f;
    /** Scale of a scripted token's embedding along its position code: its logit is ~64 times this. */
    private static final float TARGET_SCALE = 0.3f;
    /** Half-width of the uniform noise in every other embedding entry: logits ~N(0, (8 * 0.058)^2). */
    private static final float EMBEDDING_NOISE = 0.1f;
    /** How much smaller than 1/sqrt(fan-in) the decoder blocks' output projections are. */
    private static final float DECODER_BLOCK_OUTPUT_SCALE = 0.1f;

    /** A segment the decoder says: its start and end timestamps and the text pieces in between (GPT-2 style, a
     * leading space starts a word). */
    record Segment(double startSec, double endSec, List<String> pieces) {
        String text() {
            return String.join("", pieces).trim();
        }
    }

    /**
     * What the decoder says in every 30 s window: "The farmers." from 0.00 to 1.00 s, "I'm here" to 1.80 s and
     * "Goodbye, doctor." to 30.00 s. whisper.cpp ends a window as soon as a timestamp reaches the last second of the
     * audio, so a shorter input gets fewer segments: under 2 s of audio only the first, under ~2.8 s two.
     */
    static final List<Segment> SCRIPT = List.of(
            new Segment(0.00, 1.00, List.of(" The", " far", "mers", ".")),
            new Segment(1.00, 1.80, List.of(" I", "'m", " here")),
            new Segment(1.80, 30.00, List.of(" Good", "bye", ",", " doctor", ".")));

    private final long seed;

    TinyWhisperModel() {
        this(42);
    }

    TinyWhisperModel(long seed) {
        this.seed = seed;
    }

    /** Writes the model as {@code file} and returns it. */
    Path writeTo(Path file) throws IOException {
        Random random = new Random(seed);
        List<String> vocab = vocabulary();
        Map<String, Integer> ids = new HashMap<>();
        for (int i = 0; i < vocab.size(); i++) {
            ids.put(vocab.get(i), i);
        }
        List<Integer> script = scriptTokens(ids);
        if (script.size() + 1 >= Math.min(N_STATE, N_TEXT_CTX / 2 - 4)) {
            throw new IllegalStateException("script too long for " + N_STATE + " position codes");
        }

        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer header = le(4 * 12);
            header.putInt(GGML_MAGIC);
            for (int v : new int[] {N_VOCAB, N_AUDIO_CTX, N_STATE, N_HEAD, N_LAYER, N_TEXT_CTX, N_STATE, N_HEAD,
                N_LAYER, N_MELS, FTYPE_MOSTLY_F16}) {
                header.putInt(v);
            }
            write(out, header);

            ByteBuffer filters = le(8 + N_MELS * N_FFT * 4);
            filters.putInt(N_MELS).putInt(N_FFT);
            for (float f : melFilters()) {
                filters.putFloat(f);
            }
            write(out, filters);

            int vocabBytes = 4;
            for (String piece : vocab) {
                vocabBytes += 4 + piece.getBytes(StandardCharsets.UTF_8).length;
            }
            ByteBuffer vocabBuffer = le(vocabBytes);
            vocabBuffer.putInt(vocab.size());
            for (String piece : vocab) {
                byte[] bytes = piece.getBytes(StandardCharsets.UTF_8);
                vocabBuffer.putInt(bytes.length).put(bytes);
            }
            write(out, vocabBuffer);

            writeEncoder(out, random);
            writeDecoder(out, random, script);
        }
        return file;
    }

    private static void writeEncoder(FileChannel out, Random random) throws IOException {
        int s = N_STATE;
        tensor(out, "encoder.positional_embedding", new int[] {s, N_AUDIO_CTX}, sinusoids(N_AUDIO_CTX, s));
        half(out, "encoder.conv1.weight", new int[] {3, N_MELS, s}, uniform(random, 3 * N_MELS * s, fanIn(3 * N_MELS)));
        tensor(out, "encoder.conv1.bias", new int[] {1, s}, uniform(random, s, 0.02f));
        half(out, "encoder.conv2.weight", new int[] {3, s, s}, uniform(random, 3 * s * s, fanIn(3 * s)));
        tensor(out, "encoder.conv2.bias", new int[] {1, s}, uniform(random, s, 0.02f));
        for (int i = 0; i < N_LAYER; i++) {
            String b = "encoder.blocks." + i + ".";
            attention(out, random, b + "attn", 1f);
            tensor(out, b + "attn_ln.weight", new int[] {s}, filled(s, 1f));
            tensor(out, b + "attn_ln.bias", new int[] {s}, filled(s, 0f));
            mlp(out, random, b, 1f);
        }
        tensor(out, "encoder.ln_post.weight", new int[] {s}, filled(s, 1f));
        tensor(out, "encoder.ln_post.bias", new int[] {s}, filled(s, 0f));
    }

    private static void writeDecoder(FileChannel out, Random random, List<Integer> script) throws IOException {
        int s = N_STATE;
        // Position p (the prompt's [_SOT_] is position 0, so the token sampled after it is predicted there) carries
        // code p + 1; every position after the script carries the code after the script's, which asks for [_EOT_].
        int eotCode = script.size() + 1;
        float[] positions = new float[N_TEXT_CTX * s];
        for (int p = 0; p < N_TEXT_CTX; p++) {
            int code = p < script.size() ? p + 1 : eotCode;
            for (int d = 0; d < s; d++) {
                positions[p * s + d] = POSITION_SCALE * hadamard(code, d);
            }
        }
        float[] embedding = uniform(random, N_VOCAB * s, EMBEDDING_NOISE);
        Set<Integer> scripted = new LinkedHashSet<>(script);
        scripted.add(TOKEN_EOT);
        for (int token : scripted) {
            for (int d = 0; d < s; d++) {
                embedding[token * s + d] = 0f;
            }
        }
        for (int p = 0; p < script.size(); p++) {
            addCode(embedding, script.get(p), p + 1);
        }
        addCode(embedding, TOKEN_EOT, eotCode);

        tensor(out, "decoder.positional_embedding", new int[] {s, N_TEXT_CTX}, positions);
        half(out, "decoder.token_embedding.weight", new int[] {s, N_VOCAB}, embedding);
        for (int i = 0; i < N_LAYER; i++) {
            String b = "decoder.blocks." + i + ".";
            attention(out, random, b + "attn", DECODER_BLOCK_OUTPUT_SCALE);
            tensor(out, b + "attn_ln.weight", new int[] {s}, filled(s, 1f));
            tensor(out, b + "attn_ln.bias", new int[] {s}, filled(s, 0f));
            attention(out, random, b + "cross_attn", DECODER_BLOCK_OUTPUT_SCALE);
            tensor(out, b + "cross_attn_ln.weight", new int[] {s}, filled(s, 1f));
            tensor(out, b + "cross_attn_ln.bias", new int[] {s}, filled(s, 0f));
            mlp(out, random, b, DECODER_BLOCK_OUTPUT_SCALE);
        }
        tensor(out, "decoder.ln.weight", new int[] {s}, filled(s, 1f));
        tensor(out, "decoder.ln.bias", new int[] {s}, filled(s, 0f));
    }

    private static void addCode(float[] embedding, int token, int code) {
        for (int d = 0; d < N_STATE; d++) {
            embedding[token * N_STATE + d] += TARGET_SCALE * hadamard(code, d);
        }
    }

    /** Query (with bias), key (no bias), value (with bias) and output projection, as whisper.cpp names them. */
    private static void attention(FileChannel out, Random random, String prefix, float outputScale) throws IOException {
        int s = N_STATE;
        half(out, prefix + ".query.weight", new int[] {s, s}, uniform(random, s * s, fanIn(s)));
        tensor(out, prefix + ".query.bias", new int[] {s}, uniform(random, s, 0.02f));
        half(out, prefix + ".key.weight", new int[] {s, s}, uniform(random, s * s, fanIn(s)));
        half(out, prefix + ".value.weight", new int[] {s, s}, uniform(random, s * s, fanIn(s)));
        tensor(out, prefix + ".value.bias", new int[] {s}, uniform(random, s, 0.02f));
        half(out, prefix + ".out.weight", new int[] {s, s}, uniform(random, s * s, outputScale * fanIn(s)));
        tensor(out, prefix + ".out.bias", new int[] {s}, uniform(random, s, outputScale * 0.02f));
    }

    private static void mlp(FileChannel out, Random random, String prefix, float outputScale) throws IOException {
        int s = N_STATE;
        tensor(out, prefix + "mlp_ln.weight", new int[] {s}, filled(s, 1f));
        tensor(out, prefix + "mlp_ln.bias", new int[] {s}, filled(s, 0f));
        half(out, prefix + "mlp.0.weight", new int[] {s, 4 * s}, uniform(random, 4 * s * s, fanIn(s)));
        tensor(out, prefix + "mlp.0.bias", new int[] {4 * s}, uniform(random, 4 * s, 0.02f));
        half(out, prefix + "mlp.2.weight", new int[] {4 * s, s}, uniform(random, 4 * s * s, outputScale * fanIn(4 * s)));
        tensor(out, prefix + "mlp.2.bias", new int[] {s}, uniform(random, s, outputScale * 0.02f));
    }

    /** The scripted token ids, one per decoder position: timestamp, pieces, timestamp, for every segment. */
    static List<Integer> scriptTokens(Map<String, Integer> ids) {
        List<Integer> tokens = new ArrayList<>();
        double last = 0;
        for (Segment segment : SCRIPT) {
            if (segment.startSec() < last || segment.endSec() < segment.startSec() || segment.endSec() > 30.0) {
                throw new IllegalStateException("script timestamps must not go backwards: " + segment);
            }
            tokens.add(timestampToken(segment.startSec()));
            for (String piece : segment.pieces()) {
                Integer id = ids.get(piece);
                if (id == null) {
                    throw new IllegalStateException("piece not in the vocabulary: '" + piece + "'");
                }
                tokens.add(id);
            }
            tokens.add(timestampToken(segment.endSec()));
            last = segment.endSec();
        }
        return tokens;
    }

    static int timestampToken(double seconds) {
        return TOKEN_BEG + (int) Math.round(seconds / TIMESTAMP_STEP_SEC);
    }

    /**
     * 50256 distinct ASCII pieces, like GPT-2's: the first 256 are single characters (all printable ASCII; the
     * others stand in as "<0x..>" pieces), among them the " " whisper.cpp's blank suppression looks up; then the
     * script's pieces and common punctuation; then made-up syllable pieces, half of them starting a word.
     */
    static List<String> vocabulary() {
        Set<String> pieces = new LinkedHashSet<>();
        for (int c = 0; c < 256; c++) {
            pieces.add(c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("<0x%02X>", c));
        }
        for (Segment segment : SCRIPT) {
            pieces.addAll(segment.pieces());
        }
        pieces.addAll(List.of(" the", " and", " of", " to", " a", "ing", "ed", " I", "'s", "?", "!", ",", "."));
        String[] onsets = {"b", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "z", "ch", "sh",
            "th", "st"};
        String[] vowels = {"a", "e", "i", "o", "u", "ai", "ou", "ee"};
        String[] codas = {"", "n", "r", "s", "t", "l", "m", "nd", "ck", "ng"};
        List<String> syllables = new ArrayList<>();
        for (String o : onsets) {
            for (String v : vowels) {
                for (String c : codas) {
                    syllables.add(o + v + c);
                }
            }
        }
        outer:
        for (String first : syllables) {
            for (String prefix : new String[] {" ", ""}) {
                pieces.add(prefix + first);
                if (pieces.size() >= N_TEXT_TOKENS) {
                    break outer;
                }
            }
            for (String second : syllables) {
                for (String prefix : new String[] {" ", ""}) {
                    pieces.add(prefix + first + second);
                    if (pieces.size() >= N_TEXT_TOKENS) {
                        break outer;
                    }
                }
            }
        }
        if (pieces.size() != N_TEXT_TOKENS) {
            throw new IllegalStateException("vocabulary has " + pieces.size() + " pieces");
        }
        return new ArrayList<>(pieces);
    }

    /** Slaney-style triangular mel filters over 0-8 kHz (what librosa and Whisper use), n_mel x n_fft. */
    static float[] melFilters() {
        double sampleRate = 16000;
        double[] fftFreqs = new double[N_FFT];
        for (int i = 0; i < N_FFT; i++) {
            fftFreqs[i] = i * sampleRate / 400.0;
        }
        double minMel = hzToMel(0);
        double maxMel = hzToMel(sampleRate / 2);
        double[] melPoints = new double[N_MELS + 2];
        for (int i = 0; i < melPoints.length; i++) {
            melPoints[i] = melToHz(minMel + (maxMel - minMel) * i / (N_MELS + 1));
        }
        float[] filters = new float[N_MELS * N_FFT];
        for (int m = 0; m < N_MELS; m++) {
            double lower = melPoints[m];
            double centre = melPoints[m + 1];
            double upper = melPoints[m + 2];
            double norm = 2.0 / (upper - lower);
            for (int k = 0; k < N_FFT; k++) {
                double f = fftFreqs[k];
                double weight = Math.max(0, Math.min((f - lower) / (centre - lower), (upper - f) / (upper - centre)));
                filters[m * N_FFT + k] = (float) (weight * norm);
            }
        }
        return filters;
    }

    private static double hzToMel(double hz) {
        double minLogHz = 1000.0;
        double minLogMel = minLogHz / (200.0 / 3);
        double logStep = Math.log(6.4) / 27.0;
        return hz < minLogHz ? hz / (200.0 / 3) : minLogMel + Math.log(hz / minLogHz) / logStep;
    }

    private static double melToHz(double mel) {
        double minLogHz = 1000.0;
        double minLogMel = minLogHz / (200.0 / 3);
        double logStep = Math.log(6.4) / 27.0;
        return mel < minLogMel ? mel * (200.0 / 3) : minLogHz * Math.exp(logStep * (mel - minLogMel));
    }

    /** Whisper's encoder positional embedding: sin then cos of geometrically spaced frequencies. */
    private static float[] sinusoids(int length, int channels) {
        int half = channels / 2;
        double increment = Math.log(10000) / (half - 1);
        float[] values = new float[length * channels];
        for (int t = 0; t < length; t++) {
            for (int i = 0; i < half; i++) {
                double angle = t * Math.exp(-increment * i);
                values[t * channels + i] = (float) Math.sin(angle);
                values[t * channels + half + i] = (float) Math.cos(angle);
            }
        }
        return values;
    }

    /** Entry (row, col) of the Sylvester-Hadamard matrix: +1 or -1; rows other than 0 have mean 0, variance 1. */
    private static float hadamard(int row, int col) {
        return Integer.bitCount(row & col) % 2 == 0 ? 1f : -1f;
    }

    private static float fanIn(int n) {
        return (float) (1 / Math.sqrt(n));
    }

    private static float[] uniform(Random random, int size, float halfWidth) {
        float[] values = new float[size];
        for (int i = 0; i < size; i++) {
            values[i] = (random.nextFloat() * 2f - 1f) * halfWidth;
        }
        return values;
    }

    private static float[] filled(int size, float value) {
        float[] values = new float[size];
        java.util.Arrays.fill(values, value);
        return values;
    }

    /** An F32 tensor: positional embeddings, biases and layer norms. */
    private static void tensor(FileChannel out, String name, int[] dims, float[] data) throws IOException {
        ByteBuffer body = le(data.length * Float.BYTES);
        body.asFloatBuffer().put(data);
        tensor(out, name, dims, data.length, TYPE_F32, body);
    }

    /** An F16 tensor: with ftype 1 whisper.cpp wants the weight matrices, the token embedding and the convolution
     * kernels in half precision (its convolution, through im2col, only takes F16 kernels). */
    private static void half(FileChannel out, String name, int[] dims, float[] data) throws IOException {
        ByteBuffer body = le(data.length * 2);
        for (float value : data) {
            body.putShort(toHalf(value));
        }
        tensor(out, name, dims, data.length, TYPE_F16, body);
    }

    private static void tensor(FileChannel out, String name, int[] dims, int values, int type, ByteBuffer body)
            throws IOException {
        long elements = 1;
        for (int d : dims) {
            elements *= d;
        }
        if (elements != values) {
            throw new IllegalStateException(name + ": " + values + " values for " + elements + " elements");
        }
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        ByteBuffer header = le(12 + 4 * dims.length + nameBytes.length);
        header.putInt(dims.length).putInt(nameBytes.length).putInt(type);
        for (int d : dims) {
            header.putInt(d);
        }
        header.put(nameBytes);
        write(out, header);
        write(out, body);
    }

    /** IEEE 754 binary16, rounded to nearest even (Java 17 has no Float.floatToFloat16). */
    static short toHalf(float value) {
        int bits = Float.floatToRawIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        int exponent = ((bits >>> 23) & 0xff) - 127 + 15;
        int mantissa = bits & 0x7fffff;
        if (((bits >>> 23) & 0xff) == 0xff) {
            return (short) (sign | 0x7c00 | (mantissa != 0 ? 0x200 : 0));
        }
        if (exponent >= 0x1f) {
            return (short) (sign | 0x7c00);
        }
        if (exponent <= 0) {
            if (exponent < -10) {
                return (short) sign;
            }
            mantissa |= 0x800000;
            int shift = 14 - exponent;
            int half = mantissa >> shift;
            int rest = mantissa & ((1 << shift) - 1);
            int midpoint = 1 << (shift - 1);
            if (rest > midpoint || (rest == midpoint && (half & 1) != 0)) {
                half++;
            }
            return (short) (sign | half);
        }
        int half = (exponent << 10) | (mantissa >> 13);
        int rest = mantissa & 0x1fff;
        if (rest > 0x1000 || (rest == 0x1000 && (half & 1) != 0)) {
            half++;
        }
        return (short) (sign | half);
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void write(FileChannel out, ByteBuffer buffer) throws IOException {
        buffer.position(0);
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
    }
}
