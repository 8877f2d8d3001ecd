package dev.persona.bench.grounding.api;

import java.util.List;

/**
 * What the persona said. A reply counts as a refusal when it cites nothing, or when the service says so outright
 * (a boolean {@code refused} field, if the response carries one).
 */
public record ChatReply(String answer, List<CitationView> citations, boolean refused, long millis) {
}
