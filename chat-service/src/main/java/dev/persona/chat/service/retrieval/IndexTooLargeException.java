package dev.persona.chat.service.retrieval;

import dev.persona.common.problem.ApiException;
import dev.persona.common.problem.ErrorCodes;

/**
 * A persona whose index alone would take more than the whole memory budget of persona indexes: it is refused
 * (503) rather than loaded, since holding it would push every other persona out and repeated loads could exhaust
 * the heap. Raising {@code persona.chat.index.max-memory} (or the heap) lets it be served.
 */
public class IndexTooLargeException extends ApiException {
    private final long bytes;

    public IndexTooLargeException(long bytes, long budgetBytes) {
        super(503, ErrorCodes.SERVICE_UNAVAILABLE, "Service unavailable",
                "This persona's memory needs at least " + mebibytes(bytes) + " MiB to search, more than the "
                        + mebibytes(budgetBytes) + " MiB this server keeps for all personas; it cannot be asked until "
                        + "that limit is raised.");
        this.bytes = bytes;
    }

    /** What was measured before giving up (at least the budget). */
    public long bytes() {
        return bytes;
    }

    private static String mebibytes(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f", bytes / 1048576.0);
    }
}
