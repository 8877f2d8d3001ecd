package dev.persona.deploy.service;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The property names a service's {@code @ConfigMapping} interfaces read, from their source: each accessor method
 * becomes prefix + kebab-case name, and a method returning one of the nested interfaces contributes that group's
 * names under its own (what SmallRye Config does). Also the names of {@code @ConfigProperty(name = ...)}.
 */
final class ConfigMappings {
    private static final Pattern MAPPING = Pattern.compile("@ConfigMapping\\s*\\(\\s*prefix\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern CONFIG_PROPERTY = Pattern.compile("@ConfigProperty\\s*\\(\\s*name\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern NESTED = Pattern.compile("\\binterface\\s+(\\w+)");
    /** An accessor: optional annotations, a return type, a name and () ; */
    private static final Pattern ACCESSOR = Pattern.compile(
            "((?:@\\w+(?:\\s*\\([^)]*\\))?\\s*)*)([\\w.]+(?:\\s*<[\\w<>,.?\\s]*>)?(?:\\[])?)\\s+(\\w+)\\s*\\(\\s*\\)\\s*;");
    private static final Pattern WITH_NAME = Pattern.compile("@WithName\\s*\\(\\s*\"([^\"]+)\"");

    private ConfigMappings() {
    }

    static Set<String> propertyNames(List<String> sources) {
        Set<String> names = new LinkedHashSet<>();
        for (String source : sources) {
            Matcher property = CONFIG_PROPERTY.matcher(source);
            while (property.find()) {
                names.add(property.group(1));
            }
            Matcher mapping = MAPPING.matcher(source);
            if (mapping.find()) {
                Map<String, String> bodies = interfaceBodies(source);
                String root = source.substring(mapping.end());
                Matcher first = NESTED.matcher(root);
                if (!first.find()) {
                    throw new IllegalArgumentException("@ConfigMapping(prefix = " + mapping.group(1) + ") on no interface");
                }
                collect(mapping.group(1), bodies.get(first.group(1)), bodies, names, 0);
            }
        }
        return names;
    }

    private static void collect(String prefix, String body, Map<String, String> bodies, Set<String> names, int depth) {
        if (depth > 10) {
            throw new IllegalArgumentException("config groups nested too deep under " + prefix);
        }
        Matcher accessor = ACCESSOR.matcher(topLevel(body));
        while (accessor.find()) {
            Matcher withName = WITH_NAME.matcher(accessor.group(1));
            String name = withName.find() ? withName.group(1) : kebab(accessor.group(3));
            String type = accessor.group(2).replaceAll("\\s", "");
            String group = type.replaceAll("^(Optional<)?([\\w.]+)>?$", "$2");
            if (bodies.containsKey(group)) {
                collect(prefix + "." + name, bodies.get(group), bodies, names, depth + 1);
            } else {
                names.add(prefix + "." + name);
            }
        }
    }

    /** interface name to the text between its braces. */
    private static Map<String, String> interfaceBodies(String source) {
        Map<String, String> bodies = new HashMap<>();
        Matcher m = NESTED.matcher(source);
        while (m.find()) {
            int open = source.indexOf('{', m.end());
            int close = matchingBrace(source, open);
            bodies.put(m.group(1), source.substring(open + 1, close));
        }
        return bodies;
    }

    /** The body with nested braces (nested interfaces, enums, default methods) blanked out. */
    private static String topLevel(String body) {
        StringBuilder out = new StringBuilder();
        int depth = 0;
        for (char c : body.toCharArray()) {
            if (c == '{') {
                depth++;
            }
            out.append(depth == 0 ? c : ' ');
            if (c == '}') {
                depth--;
                // A nested declaration ends here; keep a separator so the next accessor still matches.
                if (depth == 0) {
                    out.setCharAt(out.length() - 1, ';');
                }
            }
        }
        return out.toString();
    }

    private static int matchingBrace(String s, int open) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            if (s.charAt(i) == '{') {
                depth++;
            } else if (s.charAt(i) == '}' && --depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("unbalanced braces");
    }

    static String kebab(String camel) {
        List<String> words = new ArrayList<>();
        for (String part : camel.split("(?<=[a-z0-9])(?=[A-Z])")) {
            words.add(part.toLowerCase());
        }
        return String.join("-", words);
    }
}
