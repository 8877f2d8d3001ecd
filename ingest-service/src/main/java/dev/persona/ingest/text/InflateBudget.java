package dev.persona.ingest.text;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Counts every byte a document's compressed parts inflate to, across the whole document, and refuses with 413 at
 * the first byte over {@code max-inflated-bytes}. The check decodes into {@link #discard()} (nothing kept), so a
 * decompression bomb costs at most the budget in time and nothing in memory.
 */
final class InflateBudget {
    private static final int CHECK_EVERY = 1 << 20;
    private final long limit;
    private final Deadline deadline;
    private long used;
    private long sinceCheck;

    InflateBudget(long limit, Deadline deadline) {
        this.limit = limit;
        this.deadline = deadline;
    }

    void add(long bytes) {
        used += bytes;
        if (used > limit) {
            throw DocumentProblems.tooLarge("bytes once decompressed", limit, "max-inflated-bytes");
        }
        sinceCheck += bytes;
        if (sinceCheck >= CHECK_EVERY) {
            sinceCheck = 0;
            deadline.check();
        }
    }

    long used() {
        return used;
    }

    /** Counts and forgets what is written. */
    OutputStream discard() {
        return new OutputStream() {
            @Override
            public void write(int b) {
                add(1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                add(len);
            }
        };
    }

    /** Counts and keeps what is written, for a decoding stage whose output feeds the next one. */
    Buffer buffer() {
        return new Buffer();
    }

    final class Buffer extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public void write(int b) {
            add(1);
            bytes.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            add(len);
            bytes.write(b, off, len);
        }

        InputStream toInputStream() {
            return new ByteArrayInputStream(bytes.toByteArray());
        }
    }
}
