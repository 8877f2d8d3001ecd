package dev.persona.bench.grounding.audio;

import java.util.Set;

/** A synthesiser and one of its voices, written "engine:voice" in the corpus (e.g. "flite:slt"). */
public record Voice(String engine, String name) {
    public static final String FLITE = "flite";
    public static final String FREETTS = "freetts";
    public static final String ESPEAK = "espeak-ng";
    public static final Set<String> ENGINES = Set.of(FLITE, FREETTS, ESPEAK);

    public static Voice parse(String spec) {
        int colon = spec.indexOf(':');
        if (colon <= 0 || colon == spec.length() - 1 || !ENGINES.contains(spec.substring(0, colon))) {
            throw new IllegalArgumentException("Voice '" + spec + "' is not engine:voice with engine one of " + ENGINES);
        }
        return new Voice(spec.substring(0, colon), spec.substring(colon + 1));
    }

    @Override
    public String toString() {
        return engine + ":" + name;
    }
}
