package dev.persona.chat.service.generation;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The embedded default responder: answers in the persona's first person using only sentences they said or wrote,
 * the ones {@link EvidenceSelector} chose (one to three, in the order they were told). Each is rewritten from third
 * to first person where its source talks about the persona, cleaned of spoken fillers, and joined with light
 * connectives where the answer moves to another source. Nothing is invented: every clause comes from a cited
 * sentence.
 */
public final class ExtractiveComposer {
    public static final String NOTHING_RELEVANT =
            "I haven't talked about that in anything I've recorded or written, so I'd rather not guess.";

    private static final Pattern FILLERS = Pattern.compile("(?i)\\b(um+|uh+|erm|hmm+)\\b[,.]?\\s*|,?\\s*\\byou know\\b,?");
    private static final Pattern SPACES = Pattern.compile("\\s{2,}");
    private static final Pattern SPACE_BEFORE_PUNCT = Pattern.compile("\\s+([,.!?])");
    private static final Set<String> CONNECTED = Set.of("and", "but", "so", "also", "plus", "then", "because");
    private static final String[] CONNECTIVES = {"Also, ", "And ", "On top of that, "};
    private static final Set<String> LOWERABLE = Set.of("the", "a", "an", "my", "we", "it", "our", "that", "this",
            "there", "when", "in", "on", "at", "for", "every", "most", "some", "one", "after", "before", "as", "if",
            "once", "what", "those", "these", "back", "growing", "during");

    private ExtractiveComposer() {
    }

    public static String compose(String personaName, List<UsedSentence> sentences) {
        FirstPersonRewriter rewriter = new FirstPersonRewriter(personaName);
        StringBuilder answer = new StringBuilder();
        String previousSource = null;
        int connective = 0;
        for (UsedSentence used : sentences) {
            String passageText = used.passage().chunk().text();
            String sentence = clean(rewriter.rewrite(used.text(), rewriter.mentionsPersona(passageText)));
            if (sentence.isEmpty()) {
                continue;
            }
            if (answer.length() > 0) {
                answer.append(' ');
                if (!used.sourceId().equals(previousSource) && !CONNECTED.contains(EvidenceSelector.firstWord(sentence))) {
                    sentence = CONNECTIVES[connective++ % CONNECTIVES.length] + lowerFirst(sentence);
                }
            }
            answer.append(sentence);
            previousSource = used.sourceId();
        }
        return answer.length() == 0 ? NOTHING_RELEVANT : answer.toString();
    }

    static String clean(String sentence) {
        String s = FILLERS.matcher(sentence).replaceAll(" ");
        s = SPACE_BEFORE_PUNCT.matcher(SPACES.matcher(s).replaceAll(" ")).replaceAll("$1").strip();
        if (s.isEmpty()) {
            return s;
        }
        s = s.replaceFirst("^[,;:\\s]+", "");
        if (s.isEmpty()) {
            return s;
        }
        s = Character.toUpperCase(s.charAt(0)) + s.substring(1);
        if (!Sentences.endsSentence(s)) {
            s = s + ".";
        }
        return s;
    }

    private static String lowerFirst(String s) {
        String first = EvidenceSelector.firstWord(s);
        if (LOWERABLE.contains(first)) {
            return Character.toLowerCase(s.charAt(0)) + s.substring(1);
        }
        return s;
    }
}
