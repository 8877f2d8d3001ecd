package dev.persona.transcribe.domain;

/** Recognised text with its place in the whole recording (seconds), the unit chat citations point at. */
public record TranscriptSegment(double startSec, double endSec, String text) {
}
