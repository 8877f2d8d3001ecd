package dev.persona.deploy.k8s;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Secrets an operator is told to create: every {@code kubectl ... create secret generic|tls NAME ...} command in
 * a document (lines joined at a trailing backslash), with the keys its --from-literal and --from-file options give.
 * A manifest that needs a Secret nobody creates, or a key the command does not set, fails the checks.
 */
public final class DocumentedSecrets {
    private static final Pattern COMMAND = Pattern.compile("kubectl\\s+(?:-n\\s+(\\S+)\\s+)?create\\s+secret\\s+(generic|tls)\\s+([\\w.-]+)([^\\n|;&]*)");
    private static final Pattern LITERAL = Pattern.compile("--from-literal=([\\w.-]+)=");
    private static final Pattern FILE = Pattern.compile("--from-file=(?:([\\w.-]+)=)?(\\S+)");

    private final Map<String, Set<String>> keys = new HashMap<>();
    private final Map<String, String> namespaces = new HashMap<>();

    public static DocumentedSecrets in(String document) {
        DocumentedSecrets found = new DocumentedSecrets();
        Matcher m = COMMAND.matcher(document.replaceAll("\\\\\\n\\s*", " "));
        while (m.find()) {
            Set<String> k = found.keys.computeIfAbsent(m.group(3), n -> new TreeSet<>());
            found.namespaces.put(m.group(3), m.group(1));
            if (m.group(2).equals("tls")) {
                k.add("tls.crt");
                k.add("tls.key");
            }
            Matcher literal = LITERAL.matcher(m.group(4));
            while (literal.find()) {
                k.add(literal.group(1));
            }
            Matcher file = FILE.matcher(m.group(4));
            while (file.find()) {
                String path = file.group(2);
                k.add(file.group(1) != null ? file.group(1) : path.substring(path.lastIndexOf('/') + 1));
            }
        }
        return found;
    }

    public boolean creates(String secret) {
        return keys.containsKey(secret);
    }

    public boolean creates(String secret, String key) {
        return keys.getOrDefault(secret, Set.of()).contains(key);
    }

    /** The -n of the command that creates it (null: none given). */
    public String namespaceOf(String secret) {
        return namespaces.get(secret);
    }

    public Set<String> names() {
        return keys.keySet();
    }
}
