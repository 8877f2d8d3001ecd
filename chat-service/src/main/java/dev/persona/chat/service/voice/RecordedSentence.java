package dev.persona.chat.service.voice;

/** One sentence the persona said: where in which recording, and its words. */
public record RecordedSentence(String recordingId, double startSec, double endSec, String text) {

    double seconds() {
        return endSec - startSec;
    }

    int words() {
        String t = text.strip();
        return t.isEmpty() ? 0 : t.split("\\s+").length;
    }
}
