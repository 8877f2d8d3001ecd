package dev.persona.chat.generation.llama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java-side GGUF check: no native code involved, so every broken file must fail here, clearly. */
class GgufModelFileTest {

    @TempDir
    static Path dir;
    static Path model;
    static byte[] modelBytes;

    @BeforeAll
    static void writeModel() throws IOException {
        model = new TinyLlamaModel().layers(2).contextLength(512).writeTo(dir.resolve("tiny.gguf"));
        modelBytes = Files.readAllBytes(model);
    }

    @Test
    void readsWhatTheWriterWrote() {
        GgufModelFile file = GgufModelFile.inspect(model);

        assertEquals(3, file.version());
        assertEquals("llama", file.architecture());
        assertEquals("persona-tiny-random-llama", file.name().orElseThrow());
        assertEquals(512, file.contextLength().orElseThrow());
        assertTrue(file.chatTemplate().isEmpty());
        assertEquals(3 + 9 * 2, file.tensorCount());
        assertEquals(Set.of("<s>", "</s>"), file.controlTokens());
    }

    @Test
    void readsTheChatTemplate() throws IOException {
        Path withTemplate = new TinyLlamaModel().chatTemplate(TinyLlamaModel.CHATML_TEMPLATE)
                .writeTo(dir.resolve("chatml.gguf"));

        GgufModelFile file = GgufModelFile.inspect(withTemplate);

        assertEquals(TinyLlamaModel.CHATML_TEMPLATE, file.chatTemplate().orElseThrow());
        assertEquals(Set.of("<s>", "</s>", "<|im_start|>", "<|im_end|>"), file.controlTokens());
    }

    @Test
    void missingFile() {
        Path missing = dir.resolve("no-such-model.gguf");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GgufModelFile.inspect(missing));
        assertEquals("model file does not exist: " + missing, e.getMessage());
    }

    @Test
    void directoryIsNotAModel() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GgufModelFile.inspect(dir));
        assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
    }

    @Test
    void unreadableFile() throws IOException {
        Path locked = Files.write(dir.resolve("locked.gguf"), modelBytes);
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        Assumptions.assumeFalse(Files.isReadable(locked), "running as root: permissions do not apply");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GgufModelFile.inspect(locked));
        assertTrue(e.getMessage().contains("not readable"), e.getMessage());
    }

    @Test
    void textFileIsNotGguf() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.gguf"), "These are my grandmother's recipes, not a model.");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GgufModelFile.inspect(text));
        assertTrue(e.getMessage().startsWith("not a valid GGUF model file: " + text), e.getMessage());
        assertTrue(e.getMessage().contains("GGUF magic"), e.getMessage());
    }

    @Test
    void emptyFile() throws IOException {
        Path empty = Files.write(dir.resolve("empty.gguf"), new byte[0]);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GgufModelFile.inspect(empty));
        assertTrue(e.getMessage().contains("only 0 bytes"), e.getMessage());
    }

    @Test
    void truncatedInsideTheTensorData() throws IOException {
        Path cut = Files.write(dir.resolve("cut-data.gguf"), Arrays.copyOf(modelBytes, modelBytes.length - 100));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GgufModelFile.inspect(cut));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void truncatedInsideTheHeader() throws IOException {
        Path cut = Files.write(dir.resolve("cut-header.gguf"), Arrays.copyOf(modelBytes, 200));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GgufModelFile.inspect(cut));
        assertTrue(e.getMessage().contains("not a valid GGUF model file"), e.getMessage());
    }

    @Test
    void versionOneIsRejected() throws IOException {
        byte[] bytes = modelBytes.clone();
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(4, 1);
        Path old = Files.write(dir.resolve("v1.gguf"), bytes);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GgufModelFile.inspect(old));
        assertTrue(e.getMessage().contains("version 1"), e.getMessage());
    }

    @Test
    void absurdStringLengthIsRejected() throws IOException {
        byte[] bytes = modelBytes.clone();
        // The first metadata key's length field sits right after the 24-byte header.
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(24, Long.MAX_VALUE / 2);
        Path corrupt = Files.write(dir.resolve("corrupt.gguf"), bytes);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GgufModelFile.inspect(corrupt));
        assertTrue(e.getMessage().contains("more than the file holds"), e.getMessage());
    }

    @Test
    void absurdTensorCountIsRejected() throws IOException {
        byte[] bytes = modelBytes.clone();
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(8, 1L << 40);
        Path corrupt = Files.write(dir.resolve("many-tensors.gguf"), bytes);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GgufModelFile.inspect(corrupt));
        assertTrue(e.getMessage().contains("cannot fit"), e.getMessage());
    }

    @Test
    void modelWithoutArchitectureIsRejected() throws IOException {
        Path noArch = dir.resolve("no-arch.gguf");
        new GgufWriter().putString("general.name", "x").addTensor("t", new long[] {4}, new float[4]).write(noArch);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GgufModelFile.inspect(noArch));
        assertTrue(e.getMessage().contains("general.architecture"), e.getMessage());
        assertFalse(e.getMessage().isBlank());
    }
}
