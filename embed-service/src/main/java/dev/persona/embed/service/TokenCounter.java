package dev.persona.embed.service;

/** Counts tokens the way the embedding model will see them (without the [CLS]/[SEP] it adds). */
@FunctionalInterface
public interface TokenCounter {
    int count(String text);
}
