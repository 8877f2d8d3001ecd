package dev.persona.chat.generation.llama;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * What Persona needs to know about a GGUF model file, read and checked in Java before the file reaches llama.cpp.
 *
 * <p>{@link #inspect(Path)} walks the whole header: magic, version, every metadata entry and every tensor
 * descriptor, and checks that each tensor's data lies inside the file. Anything else (a PDF, a truncated download,
 * a big-endian or version-1 file) fails here with an {@link IllegalArgumentException} that names the file and the
 * problem, so the native loader only ever sees structurally sound files.
 */
public final class GgufModelFile {

    /** "GGUF" read as a little-endian uint32. */
    private static final int MAGIC = 0x46554747;
    private static final int DEFAULT_ALIGNMENT = 32;
    /** ggml's GGML_MAX_DIMS. */
    private static final int MAX_DIMS = 4;
    /** Longer strings exist only in corrupt files; the longest real values are chat templates of a few KiB. */
    private static final long MAX_STRING_BYTES = 64L * 1024 * 1024;

    // Metadata value types (GGUF spec).
    private static final int T_UINT8 = 0;
    private static final int T_INT8 = 1;
    private static final int T_UINT16 = 2;
    private static final int T_INT16 = 3;
    private static final int T_UINT32 = 4;
    private static final int T_INT32 = 5;
    private static final int T_FLOAT32 = 6;
    private static final int T_BOOL = 7;
    private static final int T_STRING = 8;
    private static final int T_ARRAY = 9;
    private static final int T_UINT64 = 10;
    private static final int T_INT64 = 11;
    private static final int T_FLOAT64 = 12;

    /** llama_token_type LLAMA_TOKEN_TYPE_CONTROL. */
    private static final int TOKEN_TYPE_CONTROL = 3;

    /** ggml tensor types this check knows: id -> {elements per block, bytes per block}. */
    private static final Map<Integer, int[]> TENSOR_TYPES = Map.ofEntries(
            Map.entry(0, new int[] {1, 4}),        // F32
            Map.entry(1, new int[] {1, 2}),        // F16
            Map.entry(2, new int[] {32, 18}),      // Q4_0
            Map.entry(3, new int[] {32, 20}),      // Q4_1
            Map.entry(6, new int[] {32, 22}),      // Q5_0
            Map.entry(7, new int[] {32, 24}),      // Q5_1
            Map.entry(8, new int[] {32, 34}),      // Q8_0
            Map.entry(9, new int[] {32, 36}),      // Q8_1
            Map.entry(10, new int[] {256, 84}),    // Q2_K
            Map.entry(11, new int[] {256, 110}),   // Q3_K
            Map.entry(12, new int[] {256, 144}),   // Q4_K
            Map.entry(13, new int[] {256, 176}),   // Q5_K
            Map.entry(14, new int[] {256, 210}),   // Q6_K
            Map.entry(15, new int[] {256, 292}),   // Q8_K
            Map.entry(16, new int[] {256, 66}),    // IQ2_XXS
            Map.entry(17, new int[] {256, 74}),    // IQ2_XS
            Map.entry(18, new int[] {256, 98}),    // IQ3_XXS
            Map.entry(19, new int[] {256, 50}),    // IQ1_S
            Map.entry(20, new int[] {32, 18}),     // IQ4_NL
            Map.entry(21, new int[] {256, 110}),   // IQ3_S
            Map.entry(22, new int[] {256, 82}),    // IQ2_S
            Map.entry(23, new int[] {256, 136}),   // IQ4_XS
            Map.entry(24, new int[] {1, 1}),       // I8
            Map.entry(25, new int[] {1, 2}),       // I16
            Map.entry(26, new int[] {1, 4}),       // I32
            Map.entry(27, new int[] {1, 8}),       // I64
            Map.entry(28, new int[] {1, 8}),       // F64
            Map.entry(29, new int[] {256, 56}),    // IQ1_M
            Map.entry(30, new int[] {1, 2}),       // BF16
            Map.entry(34, new int[] {256, 54}),    // TQ1_0
            Map.entry(35, new int[] {256, 66}));   // TQ2_0

    private final Path path;
    private final int version;
    private final String architecture;
    private final String name;
    private final Integer contextLength;
    private final String chatTemplate;
    private final long tensorCount;
    private final Set<String> controlTokens;

    private GgufModelFile(Path path, int version, String architecture, String name, Integer contextLength,
            String chatTemplate, long tensorCount, Set<String> controlTokens) {
        this.path = path;
        this.version = version;
        this.architecture = architecture;
        this.name = name;
        this.contextLength = contextLength;
        this.chatTemplate = chatTemplate;
        this.tensorCount = tensorCount;
        this.controlTokens = controlTokens;
    }

    /**
     * Reads and checks the header of a GGUF file.
     *
     * @throws IllegalArgumentException if the file is missing, unreadable, not GGUF, or structurally broken
     */
    public static GgufModelFile inspect(Path file) {
        if (file == null) {
            throw new IllegalArgumentException("no model file given");
        }
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("model file does not exist: " + file);
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("model file is not a regular file: " + file);
        }
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("model file is not readable: " + file);
        }
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read model file " + file + ": " + e.getMessage(), e);
        }
        try (Reader in = new Reader(new BufferedInputStream(Files.newInputStream(file), 1 << 16), size)) {
            return new Parser(file, in, size).parse();
        } catch (EOFException e) {
            throw invalid(file, "it ends inside its header (truncated download?)");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read model file " + file + ": " + e.getMessage(), e);
        }
    }

    public Path path() {
        return path;
    }

    public int version() {
        return version;
    }

    /** {@code general.architecture}, e.g. "llama", "qwen2", "gemma3". */
    public String architecture() {
        return architecture;
    }

    /** {@code general.name}, if the file has one. */
    public Optional<String> name() {
        return Optional.ofNullable(name);
    }

    /** {@code <architecture>.context_length}: the context the model was trained for. */
    public OptionalInt contextLength() {
        return contextLength == null ? OptionalInt.empty() : OptionalInt.of(contextLength);
    }

    /** {@code tokenizer.chat_template}, the model's own Jinja chat template, if the file has one. */
    public Optional<String> chatTemplate() {
        return Optional.ofNullable(chatTemplate);
    }

    public long tensorCount() {
        return tensorCount;
    }

    /**
     * Texts of the vocabulary's control tokens (type CONTROL in {@code tokenizer.ggml.token_type}), such as
     * {@code <s>}, {@code <|im_start|>} or {@code <|eot_id|>}: llama.cpp turns these strings into their special
     * tokens wherever they appear in a prompt.
     */
    public Set<String> controlTokens() {
        return controlTokens;
    }

    private static IllegalArgumentException invalid(Path file, String why) {
        return new IllegalArgumentException("not a valid GGUF model file: " + file + ": " + why);
    }

    private static final class Parser {
        private final Path file;
        private final Reader in;
        private final long fileSize;

        private String architecture;
        private String name;
        private String chatTemplate;
        private List<String> tokens;
        private int[] tokenTypes;
        private long alignment = DEFAULT_ALIGNMENT;
        // Context length keys are "<arch>.context_length"; the architecture may come after them.
        private final Map<String, Long> contextLengths = new HashMap<>();

        Parser(Path file, Reader in, long fileSize) {
            this.file = file;
            this.in = in;
            this.fileSize = fileSize;
        }

        GgufModelFile parse() throws IOException {
            if (fileSize < 24) {
                throw invalid(file, "it is only " + fileSize + " bytes long");
            }
            int magic = in.i32();
            if (magic != MAGIC) {
                throw invalid(file, "it does not start with the GGUF magic bytes");
            }
            int version = in.i32();
            if (version == 1) {
                throw invalid(file, "GGUF version 1 is no longer supported by llama.cpp; convert the model again");
            }
            if (version != 2 && version != 3) {
                boolean bigEndian = Integer.reverseBytes(version) == 2 || Integer.reverseBytes(version) == 3;
                throw invalid(file, bigEndian ? "it is a big-endian GGUF file; llama.cpp here needs little-endian"
                        : "unknown GGUF version " + Integer.toUnsignedString(version));
            }
            long tensorCount = in.i64();
            long kvCount = in.i64();
            // Each metadata entry and tensor descriptor takes at least 8+4 bytes: larger counts cannot fit.
            if (tensorCount < 0 || kvCount < 0 || tensorCount > fileSize / 12 || kvCount > fileSize / 12) {
                throw invalid(file, "its header counts (" + Long.toUnsignedString(tensorCount) + " tensors, "
                        + Long.toUnsignedString(kvCount) + " metadata entries) cannot fit in " + fileSize + " bytes");
            }
            for (long i = 0; i < kvCount; i++) {
                readMetadataEntry();
            }
            if (architecture == null || architecture.isBlank()) {
                throw invalid(file, "it has no general.architecture metadata");
            }
            if (tensorCount == 0) {
                throw invalid(file, "it contains no tensors (a vocabulary-only file is not a model)");
            }
            List<TensorExtent> extents = new ArrayList<>();
            for (long i = 0; i < tensorCount; i++) {
                extents.add(readTensorInfo());
            }
            long dataStart = align(in.position());
            for (TensorExtent extent : extents) {
                if (extent.offset % alignment != 0) {
                    throw invalid(file, "tensor '" + extent.name + "' is not aligned to " + alignment + " bytes");
                }
                long end = dataStart + extent.offset + extent.bytes;
                if (extent.offset < 0 || end < 0 || end > fileSize) {
                    throw invalid(file, "tensor '" + extent.name + "' ends at byte " + end + " but the file has "
                            + fileSize + " bytes (truncated download?)");
                }
            }
            Long ctx = contextLengths.get(architecture + ".context_length");
            Integer contextLength = ctx == null || ctx <= 0 || ctx > Integer.MAX_VALUE ? null : ctx.intValue();
            return new GgufModelFile(file, version, architecture, name, contextLength, chatTemplate, tensorCount,
                    controlTokens());
        }

        private Set<String> controlTokens() {
            if (tokens == null || tokenTypes == null || tokens.size() != tokenTypes.length) {
                return Set.of();
            }
            Set<String> control = new HashSet<>();
            for (int i = 0; i < tokenTypes.length; i++) {
                if (tokenTypes[i] == TOKEN_TYPE_CONTROL && !tokens.get(i).isEmpty()) {
                    control.add(tokens.get(i));
                }
            }
            return Set.copyOf(control);
        }

        private void readMetadataEntry() throws IOException {
            String key = string("metadata key");
            int type = in.i32();
            switch (key) {
                case "general.architecture" -> architecture = expectString(key, type);
                case "general.name" -> name = expectString(key, type);
                case "tokenizer.chat_template" -> chatTemplate = expectString(key, type);
                case "tokenizer.ggml.tokens" -> tokens = stringArray(key, type);
                case "tokenizer.ggml.token_type" -> tokenTypes = int32Array(key, type);
                case "general.alignment" -> {
                    if (type != T_UINT32) {
                        throw invalid(file, "general.alignment must be a uint32");
                    }
                    alignment = Integer.toUnsignedLong(in.i32());
                    if (alignment == 0 || Long.bitCount(alignment) != 1) {
                        throw invalid(file, "general.alignment " + alignment + " is not a power of two");
                    }
                }
                default -> {
                    if (key.endsWith(".context_length") && (type == T_UINT32 || type == T_UINT64)) {
                        contextLengths.put(key, type == T_UINT32 ? Integer.toUnsignedLong(in.i32()) : in.i64());
                    } else {
                        skipValue(key, type);
                    }
                }
            }
        }

        private List<String> stringArray(String key, int type) throws IOException {
            if (type != T_ARRAY || in.i32() != T_STRING) {
                throw invalid(file, key + " must be an array of strings");
            }
            long count = arrayLength(key);
            List<String> values = new ArrayList<>((int) Math.min(count, 1 << 20));
            for (long i = 0; i < count; i++) {
                values.add(string(key));
            }
            return values;
        }

        private int[] int32Array(String key, int type) throws IOException {
            if (type != T_ARRAY || in.i32() != T_INT32) {
                throw invalid(file, key + " must be an array of int32");
            }
            long count = arrayLength(key);
            if (count * 4 > in.remaining()) {
                throw invalid(file, "metadata array " + key + " is longer than the file");
            }
            int[] values = new int[(int) count];
            for (int i = 0; i < values.length; i++) {
                values[i] = in.i32();
            }
            return values;
        }

        private long arrayLength(String key) throws IOException {
            long count = in.i64();
            if (count < 0 || count > in.remaining() || count > Integer.MAX_VALUE) {
                throw invalid(file, "metadata array " + key + " claims " + Long.toUnsignedString(count)
                        + " elements, more than the file holds");
            }
            return count;
        }

        private String expectString(String key, int type) throws IOException {
            if (type != T_STRING) {
                throw invalid(file, key + " must be a string");
            }
            return string(key);
        }

        private void skipValue(String key, int type) throws IOException {
            switch (type) {
                case T_UINT8, T_INT8, T_BOOL -> in.skip(1);
                case T_UINT16, T_INT16 -> in.skip(2);
                case T_UINT32, T_INT32, T_FLOAT32 -> in.skip(4);
                case T_UINT64, T_INT64, T_FLOAT64 -> in.skip(8);
                case T_STRING -> in.skip(stringLength(key));
                case T_ARRAY -> {
                    int elementType = in.i32();
                    long count = arrayLength(key);
                    int fixed = fixedSize(elementType);
                    if (fixed > 0) {
                        in.skip(count * fixed);
                    } else if (elementType == T_STRING) {
                        for (long i = 0; i < count; i++) {
                            in.skip(stringLength(key));
                        }
                    } else {
                        // Nested arrays are legal in the spec; llama.cpp's own reader rejects them too.
                        throw invalid(file, "metadata array " + key + " has unsupported element type " + elementType);
                    }
                }
                default -> throw invalid(file, "metadata entry " + key + " has unknown value type " + type);
            }
        }

        private static int fixedSize(int type) {
            return switch (type) {
                case T_UINT8, T_INT8, T_BOOL -> 1;
                case T_UINT16, T_INT16 -> 2;
                case T_UINT32, T_INT32, T_FLOAT32 -> 4;
                case T_UINT64, T_INT64, T_FLOAT64 -> 8;
                default -> 0;
            };
        }

        private TensorExtent readTensorInfo() throws IOException {
            String tensorName = string("tensor name");
            int dims = in.i32();
            if (dims < 1 || dims > MAX_DIMS) {
                throw invalid(file, "tensor '" + tensorName + "' has " + dims + " dimensions (1 to 4 allowed)");
            }
            long elements = 1;
            long innermost = 0;
            for (int d = 0; d < dims; d++) {
                long extent = in.i64();
                if (extent <= 0) {
                    throw invalid(file, "tensor '" + tensorName + "' has a dimension of " + extent);
                }
                if (d == 0) {
                    innermost = extent;
                }
                try {
                    elements = Math.multiplyExact(elements, extent);
                } catch (ArithmeticException overflow) {
                    throw invalid(file, "tensor '" + tensorName + "' is impossibly large");
                }
            }
            int type = in.i32();
            int[] block = TENSOR_TYPES.get(type);
            if (block == null) {
                throw invalid(file, "tensor '" + tensorName + "' has ggml type " + type
                        + ", which the bundled llama.cpp does not support");
            }
            if (innermost % block[0] != 0) {
                throw invalid(file, "tensor '" + tensorName + "' has rows of " + innermost
                        + " values, not a multiple of its type's block of " + block[0]);
            }
            long offset = in.i64();
            long bytes;
            try {
                bytes = Math.multiplyExact(elements / block[0], (long) block[1]);
            } catch (ArithmeticException overflow) {
                throw invalid(file, "tensor '" + tensorName + "' is impossibly large");
            }
            return new TensorExtent(tensorName, offset, bytes);
        }

        private String string(String what) throws IOException {
            long length = stringLength(what);
            return new String(in.bytes((int) length), StandardCharsets.UTF_8);
        }

        private long stringLength(String what) throws IOException {
            long length = in.i64();
            if (length < 0 || length > in.remaining() || length > MAX_STRING_BYTES) {
                throw invalid(file, "a string in " + what + " claims " + Long.toUnsignedString(length)
                        + " bytes, more than the file holds");
            }
            return length;
        }

        private long align(long position) {
            return (position + alignment - 1) / alignment * alignment;
        }
    }

    private record TensorExtent(String name, long offset, long bytes) {
    }

    /** Little-endian sequential reader that knows how many bytes remain. */
    private static final class Reader implements AutoCloseable {
        private final InputStream in;
        private final long size;
        private long position;

        Reader(InputStream in, long size) {
            this.in = in;
            this.size = size;
        }

        long position() {
            return position;
        }

        long remaining() {
            return size - position;
        }

        int i32() throws IOException {
            byte[] b = bytes(4);
            return (b[0] & 0xFF) | (b[1] & 0xFF) << 8 | (b[2] & 0xFF) << 16 | (b[3] & 0xFF) << 24;
        }

        long i64() throws IOException {
            return Integer.toUnsignedLong(i32()) | (long) i32() << 32;
        }

        byte[] bytes(int count) throws IOException {
            byte[] b = in.readNBytes(count);
            if (b.length != count) {
                throw new EOFException();
            }
            position += count;
            return b;
        }

        void skip(long count) throws IOException {
            if (count > remaining()) {
                throw new EOFException();
            }
            long left = count;
            while (left > 0) {
                long skipped = in.skip(left);
                if (skipped <= 0) {
                    if (in.read() < 0) {
                        throw new EOFException();
                    }
                    skipped = 1;
                }
                left -= skipped;
            }
            position += count;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
