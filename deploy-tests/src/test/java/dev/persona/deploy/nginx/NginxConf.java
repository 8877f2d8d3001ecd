package dev.persona.deploy.nginx;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An nginx configuration as a tree of directives, and the location nginx picks for a URI in a server block: an
 * exact (=) match, else the longest prefix if it is ^~, else the first regex (~, ~*) in file order, else the
 * longest prefix.
 */
public final class NginxConf {
    /** One directive: its name, arguments (quotes removed) and, for a block, its children. */
    public record Directive(String name, List<String> args, List<Directive> block) {
        public List<Directive> children(String childName) {
            return block == null ? List.of() : block.stream().filter(d -> d.name().equals(childName)).toList();
        }

        public Optional<Directive> child(String childName) {
            return children(childName).stream().findFirst();
        }
    }

    private final List<Directive> top;

    private NginxConf(List<Directive> top) {
        this.top = top;
    }

    public static NginxConf parse(String text) {
        List<String> tokens = tokens(text);
        int[] at = {0};
        List<Directive> top = block(tokens, at);
        if (at[0] != tokens.size()) {
            throw new IllegalArgumentException("nginx config: unexpected } at token " + at[0]);
        }
        return new NginxConf(top);
    }

    public List<Directive> directives() {
        return top;
    }

    /** The server block (the file is included in http {}, so servers are at its top). */
    public Directive server() {
        return top.stream().filter(d -> d.name().equals("server")).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no server block"));
    }

    /** The location of the server block nginx uses for {@code uri}. */
    public Optional<Directive> location(String uri) {
        List<Directive> locations = server().children("location");
        Directive longestPrefix = null;
        for (Directive l : locations) {
            String modifier = l.args().size() == 2 ? l.args().get(0) : "";
            String pattern = l.args().get(l.args().size() - 1);
            if (modifier.equals("=") && uri.equals(pattern)) {
                return Optional.of(l);
            }
            if ((modifier.isEmpty() || modifier.equals("^~")) && uri.startsWith(pattern)
                    && (longestPrefix == null || pattern.length() > prefixOf(longestPrefix).length())) {
                longestPrefix = l;
            }
        }
        if (longestPrefix != null && longestPrefix.args().get(0).equals("^~")) {
            return Optional.of(longestPrefix);
        }
        for (Directive l : locations) {
            String modifier = l.args().size() == 2 ? l.args().get(0) : "";
            if (modifier.equals("~") || modifier.equals("~*")) {
                int flags = modifier.equals("~*") ? Pattern.CASE_INSENSITIVE : 0;
                if (Pattern.compile(l.args().get(1), flags).matcher(uri).find()) {
                    return Optional.of(l);
                }
            }
        }
        return Optional.ofNullable(longestPrefix);
    }

    /** host:port of the location's proxy_pass, or empty when it answers itself (return, internal). */
    public static Optional<String> upstream(Directive location) {
        if (location.child("internal").isPresent()) {
            return Optional.empty();
        }
        return location.child("proxy_pass").map(p -> p.args().get(0).replaceFirst("^https?://", "").replaceFirst("/.*$", ""));
    }

    private static String prefixOf(Directive location) {
        return location.args().get(location.args().size() - 1);
    }

    private static List<Directive> block(List<String> tokens, int[] at) {
        List<Directive> directives = new ArrayList<>();
        while (at[0] < tokens.size() && !tokens.get(at[0]).equals("}")) {
            String name = tokens.get(at[0]++);
            List<String> args = new ArrayList<>();
            while (at[0] < tokens.size() && !tokens.get(at[0]).equals(";") && !tokens.get(at[0]).equals("{")) {
                args.add(unquote(tokens.get(at[0]++)));
            }
            if (at[0] >= tokens.size()) {
                throw new IllegalArgumentException("nginx config: " + name + " does not end");
            }
            if (tokens.get(at[0]++).equals("{")) {
                List<Directive> children = block(tokens, at);
                if (at[0] >= tokens.size()) {
                    throw new IllegalArgumentException("nginx config: block " + name + " is not closed");
                }
                at[0]++;
                directives.add(new Directive(name, args, children));
            } else {
                directives.add(new Directive(name, args, null));
            }
        }
        return directives;
    }

    private static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '#') {
                while (i < text.length() && text.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '{' || c == '}' || c == ';') {
                tokens.add(String.valueOf(c));
                i++;
            } else if (c == '"' || c == '\'') {
                int end = i + 1;
                while (end < text.length() && text.charAt(end) != c) {
                    end += text.charAt(end) == '\\' ? 2 : 1;
                }
                tokens.add(text.substring(i, Math.min(end + 1, text.length())));
                i = end + 1;
            } else {
                int end = i;
                while (end < text.length() && !Character.isWhitespace(text.charAt(end)) && ";{}".indexOf(text.charAt(end)) < 0) {
                    end++;
                }
                tokens.add(text.substring(i, end));
                i = end;
            }
        }
        return tokens;
    }

    private static String unquote(String token) {
        return token.length() >= 2 && (token.startsWith("\"") || token.startsWith("'")) ? token.substring(1, token.length() - 1) : token;
    }
}
