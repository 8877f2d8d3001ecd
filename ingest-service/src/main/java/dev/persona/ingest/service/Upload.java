package dev.persona.ingest.service;

import dev.persona.common.problem.ApiException;
import dev.persona.common.problem.ErrorCodes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** One uploaded file as the HTTP layer spooled it to disk. The name is a label only; formats come from the bytes. */
public record Upload(Path file, String fileName, long size) {

    public Upload {
        fileName = safeName(fileName);
    }

    /** Refuses empty and over-limit files before a byte is read. */
    public void checkSize(long maxBytes) {
        if (size <= 0) {
            throw ApiException.badRequest(ErrorCodes.EMPTY_FILE, "The file is empty.");
        }
        if (size > maxBytes) {
            throw new ApiException(413, ErrorCodes.PAYLOAD_TOO_LARGE, "Payload too large",
                    "The file has " + size + " bytes; at most " + maxBytes + " are accepted.");
        }
    }

    public byte[] read() {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String safeName(String name) {
        if (name == null || name.isBlank()) {
            return "upload";
        }
        String base = name.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1).replaceAll("[\\p{Cntrl}]", "").strip();
        if (base.isEmpty()) {
            return "upload";
        }
        return base.length() > 200 ? base.substring(0, 200) : base;
    }
}
