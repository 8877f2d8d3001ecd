package dev.persona.bench.grounding.corpus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A document uploaded as it is. Documents are written one sentence per line, so a question can point at a line:
 * the sentences are the non-blank body lines, without an e-mail's header block and without Markdown headings.
 */
public record DocumentSource(String fileName, Path file, List<String> sentences) {

    public static DocumentSource read(Path file) {
        try {
            String name = file.getFileName().toString();
            return new DocumentSource(name, file, bodyLines(name, Files.readString(file, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    static List<String> bodyLines(String fileName, String text) {
        List<String> lines = new ArrayList<>(List.of(text.split("\\R", -1)));
        if (fileName.endsWith(".eml")) {
            int blank = lines.indexOf("");
            lines = blank < 0 ? List.of() : lines.subList(blank + 1, lines.size());
        }
        List<String> body = new ArrayList<>();
        for (String line : lines) {
            String trimmed = line.strip();
            if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                body.add(trimmed);
            }
        }
        return List.copyOf(body);
    }
}
