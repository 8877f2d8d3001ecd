package dev.persona.chat.service.generation;

import io.smallrye.mutiny.Multi;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Splits a finished text into word tokens (each with its trailing space) for streaming. */
public final class Tokens {
    private static final Pattern TOKEN = Pattern.compile("\\S+\\s*");

    private Tokens() {
    }

    public static List<String> of(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    public static Multi<String> stream(String text) {
        return Multi.createFrom().iterable(of(text));
    }
}
