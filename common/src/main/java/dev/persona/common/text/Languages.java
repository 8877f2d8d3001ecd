package dev.persona.common.text;

import java.util.Locale;

/** Language tags as sources carry them (BCP 47, or blank when unknown). */
public final class Languages {
    private Languages() {
    }

    /** English rules (fillers, "i" to "I", the OpenNLP sentence model) apply to English and to unknown text. */
    public static boolean isEnglishOrUnknown(String language) {
        if (language == null || language.isBlank()) {
            return true;
        }
        String lang = language.trim().toLowerCase(Locale.ROOT);
        return lang.equals("en") || lang.startsWith("en-") || lang.startsWith("en_") || lang.equals("english");
    }
}
