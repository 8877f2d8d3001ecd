package dev.persona.chat.generation.llama;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes GGUF version 3 files (little-endian): header, typed metadata, tensor descriptors and F32 tensor data,
 * each tensor aligned to {@value #ALIGNMENT} bytes as {@code general.alignment} declares.
 *
 * <p>Written from the format description in ggml's {@code docs/gguf.md}. Only what tests need: scalar metadata of
 * the common types, arrays of strings/floats/ints, and F32 tensors.
 */
final class GgufWriter {

    static final int ALIGNMENT = 32;

    private static final int VERSION = 3;
    private static final int GGML_TYPE_F32 = 0;

    // Metadata value types from the GGUF spec.
    private static final int UINT32 = 4;
    private static final int INT32 = 5;
    private static final int FLOAT32 = 6;
    private static final int BOOL = 7;
    private static final int STRING = 8;
    private static final int ARRAY = 9;

    /** A metadata value already encoded, without its key. */
    private record Value(int type, byte[] payload) {
    }

    private record Tensor(String name, long[] dims, float[] data) {
        long byteSize() {
            return (long) data.length * Float.BYTES;
        }
    }

    private final Map<String, Value> metadata = new LinkedHashMap<>();
    private final List<Tensor> tensors = new ArrayList<>();

    GgufWriter() {
        putUInt32("general.alignment", ALIGNMENT);
    }

    GgufWriter putString(String key, String value) {
        return put(key, STRING, stringBytes(value));
    }

    GgufWriter putUInt32(String key, long value) {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException(key + " does not fit in uint32: " + value);
        }
        return put(key, UINT32, le(4).putInt((int) value).array());
    }

    GgufWriter putFloat32(String key, float value) {
        return put(key, FLOAT32, le(4).putFloat(value).array());
    }

    GgufWriter putBool(String key, boolean value) {
        return put(key, BOOL, new byte[] {(byte) (value ? 1 : 0)});
    }

    GgufWriter putStringArray(String key, List<String> values) {
        List<byte[]> encoded = values.stream().map(GgufWriter::stringBytes).toList();
        int size = 12 + encoded.stream().mapToInt(b -> b.length).sum();
        ByteBuffer out = le(size).putInt(STRING).putLong(values.size());
        encoded.forEach(out::put);
        return put(key, ARRAY, out.array());
    }

    GgufWriter putFloat32Array(String key, float[] values) {
        ByteBuffer out = le(12 + 4 * values.length).putInt(FLOAT32).putLong(values.length);
        for (float v : values) {
            out.putFloat(v);
        }
        return put(key, ARRAY, out.array());
    }

    GgufWriter putInt32Array(String key, int[] values) {
        ByteBuffer out = le(12 + 4 * values.length).putInt(INT32).putLong(values.length);
        for (int v : values) {
            out.putInt(v);
        }
        return put(key, ARRAY, out.array());
    }

    /**
     * Adds an F32 tensor. {@code dims} is in ggml order: {@code dims[0]} is the innermost (contiguous) dimension,
     * so a matrix {@code {cols, rows}} stores row {@code r} at {@code data[r * cols .. r * cols + cols)}.
     */
    GgufWriter addTensor(String name, long[] dims, float[] data) {
        long elements = 1;
        for (long d : dims) {
            elements *= d;
        }
        if (elements != data.length) {
            throw new IllegalArgumentException(name + ": shape holds " + elements + " values, data has " + data.length);
        }
        tensors.add(new Tensor(name, dims.clone(), data));
        return this;
    }

    void write(Path file) throws IOException {
        byte[] head = headerMetadataAndTensorInfos();
        long dataStart = align(head.length);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            writeFully(channel, ByteBuffer.wrap(head));
            long position = head.length;
            position = pad(channel, position, dataStart);
            for (Tensor tensor : tensors) {
                ByteBuffer data = le((int) tensor.byteSize());
                data.asFloatBuffer().put(tensor.data());
                writeFully(channel, data);
                position += tensor.byteSize();
                position = pad(channel, position, align(position));
            }
        }
        if (Files.size(file) < dataStart) {
            throw new IOException("short GGUF write: " + file);
        }
    }

    private byte[] headerMetadataAndTensorInfos() {
        List<byte[]> parts = new ArrayList<>();
        parts.add(le(24).put("GGUF".getBytes(StandardCharsets.US_ASCII)).putInt(VERSION)
                .putLong(tensors.size()).putLong(metadata.size()).array());
        metadata.forEach((key, value) -> {
            parts.add(stringBytes(key));
            parts.add(le(4).putInt(value.type()).array());
            parts.add(value.payload());
        });
        long offset = 0;
        for (Tensor tensor : tensors) {
            parts.add(stringBytes(tensor.name()));
            ByteBuffer info = le(4 + 8 * tensor.dims().length + 4 + 8).putInt(tensor.dims().length);
            for (long d : tensor.dims()) {
                info.putLong(d);
            }
            info.putInt(GGML_TYPE_F32).putLong(offset);
            parts.add(info.array());
            offset = align(offset + tensor.byteSize());
        }
        int total = parts.stream().mapToInt(p -> p.length).sum();
        ByteBuffer all = ByteBuffer.allocate(total);
        parts.forEach(all::put);
        return all.array();
    }

    private GgufWriter put(String key, int type, byte[] payload) {
        Objects.requireNonNull(key, "key");
        metadata.put(key, new Value(type, payload));
        return this;
    }

    private static byte[] stringBytes(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        return le(8 + utf8.length).putLong(utf8.length).put(utf8).array();
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static long align(long position) {
        return (position + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
    }

    private static long pad(FileChannel channel, long position, long target) throws IOException {
        if (target > position) {
            writeFully(channel, ByteBuffer.allocate((int) (target - position)));
        }
        return target;
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }
}
