package dev.persona.common.events;

/** The stages a job moves through, in order; {@code failed} can follow any of them. */
public enum JobStage {
    uploaded,
    transcribing,
    transcribed,
    embedding,
    ready,
    failed;

    /** Stages only move forward, so a late or replayed progress event never rolls a job back. */
    public boolean isAfter(JobStage other) {
        if (other == null) {
            return true;
        }
        if (other == ready || other == failed) {
            return false;
        }
        return this.ordinal() > other.ordinal();
    }
}
