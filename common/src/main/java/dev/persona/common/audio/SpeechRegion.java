package dev.persona.common.audio;

/** A stretch of the recording that holds speech, in seconds from the start of the whole recording. */
public record SpeechRegion(double startSec, double endSec) {

    public SpeechRegion {
        if (!(endSec > startSec) || startSec < 0) {
            throw new IllegalArgumentException("Bad region [" + startSec + ", " + endSec + "]");
        }
    }

    public double durationSec() {
        return endSec - startSec;
    }
}
