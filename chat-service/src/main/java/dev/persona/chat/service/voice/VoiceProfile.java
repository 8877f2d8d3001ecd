package dev.persona.chat.service.voice;

import org.bson.Document;

/**
 * How a persona sounds, measured on their own recordings: the median pitch of their voiced speech and their speaking
 * rate over the sentences they said. {@code measured} is false for the default voice of a persona with no recordings
 * (or none with voiced speech).
 */
public record VoiceProfile(double medianPitchHz, double wordsPerMinute, double voicedSeconds, int recordings,
        boolean measured) {

    public static VoiceProfile defaults(double pitchHz, double wordsPerMinute) {
        return new VoiceProfile(pitchHz, wordsPerMinute, 0, 0, false);
    }

    Document toDocument() {
        return new Document("medianPitchHz", medianPitchHz).append("wordsPerMinute", wordsPerMinute)
                .append("voicedSeconds", voicedSeconds).append("recordings", recordings).append("measured", measured);
    }

    static VoiceProfile fromDocument(Document d) {
        return new VoiceProfile(number(d, "medianPitchHz"), number(d, "wordsPerMinute"), number(d, "voicedSeconds"),
                (int) number(d, "recordings"), Boolean.TRUE.equals(d.getBoolean("measured")));
    }

    private static double number(Document d, String key) {
        return d.get(key) instanceof Number n ? n.doubleValue() : 0;
    }
}
