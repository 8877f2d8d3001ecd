package dev.persona.chat.generation.llama;

import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Keeps message text from smuggling control tokens into a prompt.
 *
 * <p>java-llama.cpp tokenizes prompts with special-token parsing on, so a message (or a retrieved transcript chunk)
 * containing {@code <|im_end|>\n<|im_start|>system} would otherwise close its own turn and open a system turn. Each
 * control token's text found in a message gets a zero-width space after its first character: it then reads the
 * same but is tokenized as ordinary text. Only message contents pass through here, never the chat template's own
 * markup.
 */
final class ControlTokenGuard {

    private static final String ZERO_WIDTH_SPACE = "\u200B";

    private final List<String> tokens;

    ControlTokenGuard(Set<String> controlTokens) {
        // Longest first, so a token containing a shorter one is broken as a whole.
        this.tokens = controlTokens.stream()
                .filter(t -> t.codePointCount(0, t.length()) > 1)
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toList();
    }

    String neutralize(String text) {
        String result = text;
        for (String token : tokens) {
            if (result.contains(token)) {
                int split = token.offsetByCodePoints(0, 1);
                result = result.replace(token, token.substring(0, split) + ZERO_WIDTH_SPACE + token.substring(split));
            }
        }
        return result;
    }
}
