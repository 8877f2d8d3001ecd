package dev.persona.ingest.text;

import java.time.Duration;

/**
 * The wall-clock budget of one parse. Parsers call {@link #check()} in their loops, so a document that would take
 * too long stops itself (and frees its worker) instead of only being abandoned by the caller.
 */
public final class Deadline {
    private final Duration budget;
    private final long endNanos;

    private Deadline(Duration budget) {
        this.budget = budget;
        this.endNanos = System.nanoTime() + budget.toNanos();
    }

    public static Deadline after(Duration budget) {
        return new Deadline(budget);
    }

    /** For callers (and tests) that bound time elsewhere. */
    public static Deadline none() {
        return new Deadline(Duration.ofDays(365));
    }

    public Duration budget() {
        return budget;
    }

    /** Throws 422 parse-timeout once the budget is spent or the worker was interrupted (the caller gave up). */
    public void check() {
        if (System.nanoTime() - endNanos > 0 || Thread.currentThread().isInterrupted()) {
            throw DocumentProblems.parseTimeout(budget);
        }
    }
}
