package dev.persona.ingest.text;

import java.util.Locale;
import java.util.Set;

/**
 * HTML mail bodies to plain text in one forward pass. Every character is looked at a bounded number of times: a
 * tag is skipped by jumping to its {@code >}, and the content of {@code <script>}/{@code <style>} by jumping to its
 * end tag, so an unclosed element (a million {@code <style>} tags) costs one scan, not one scan per tag as the
 * former regular expressions did. Like a browser, an unclosed script/style or tag hides the rest of the input.
 * Quoted replies in HTML mail live in {@code <blockquote>}s; they are someone else's words and are dropped.
 */
final class HtmlText {
    private static final Set<String> RAW_TEXT = Set.of("script", "style");
    private static final Set<String> LINE_ENDS = Set.of("br", "/p", "/div", "/li", "/h1", "/h2", "/h3", "/h4", "/h5",
            "/h6", "/tr");
    private static final int MAX_ENTITY = 10;

    private HtmlText() {
    }

    static String toText(String html) {
        if (html == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(Math.min(html.length(), 1 << 20));
        int quoteDepth = 0;
        int n = html.length();
        int i = 0;
        while (i < n) {
            char c = html.charAt(i);
            if (c == '<' && html.startsWith("<!--", i)) {
                int end = html.indexOf("-->", i + 4);
                i = end < 0 ? n : end + 3;
            } else if (c == '<' && i + 1 < n && startsTag(html.charAt(i + 1))) {
                int close = html.indexOf('>', i + 1);
                if (close < 0) {
                    break; // an unterminated tag: browsers drop the rest too
                }
                String name = tagName(html, i + 1, close);
                i = close + 1;
                if (RAW_TEXT.contains(name)) {
                    i = afterEndTag(html, name, i);
                } else if (name.equals("blockquote")) {
                    if (quoteDepth++ == 0) {
                        out.append('\n'); // the quote ends the author's paragraph
                    }
                } else if (name.equals("/blockquote") && quoteDepth > 0) {
                    if (--quoteDepth == 0) {
                        out.append('\n');
                    }
                } else if (LINE_ENDS.contains(name) && quoteDepth == 0) {
                    out.append('\n');
                }
            } else if (c == '&') {
                i = entity(html, i, quoteDepth == 0 ? out : null);
            } else {
                if (quoteDepth == 0) {
                    out.append(c);
                }
                i++;
            }
        }
        return out.toString();
    }

    private static boolean startsTag(char c) {
        return Character.isLetter(c) || c == '/' || c == '!' || c == '?';
    }

    /** Lower-case name with a leading '/' for end tags: "/p", "br", "blockquote". */
    private static String tagName(String html, int from, int close) {
        int start = from;
        StringBuilder name = new StringBuilder(12);
        if (html.charAt(start) == '/') {
            name.append('/');
            start++;
        }
        for (int j = start; j < close && name.length() < 16 && Character.isLetterOrDigit(html.charAt(j)); j++) {
            name.append(Character.toLowerCase(html.charAt(j)));
        }
        return name.toString();
    }

    /** Index after {@code </name ...>}, or the end of the input when the element is never closed. */
    private static int afterEndTag(String html, String name, int from) {
        String end = "</" + name;
        for (int j = html.indexOf("</", from); j >= 0; j = html.indexOf("</", j + 2)) {
            if (html.regionMatches(true, j, end, 0, end.length())) {
                int close = html.indexOf('>', j + end.length());
                return close < 0 ? html.length() : close + 1;
            }
        }
        return html.length();
    }

    /** Decodes one character reference at {@code at} (looking at most a few characters ahead); returns the next index. */
    private static int entity(String html, int at, StringBuilder out) {
        int semi = -1;
        for (int j = at + 1; j < Math.min(html.length(), at + 2 + MAX_ENTITY); j++) {
            if (html.charAt(j) == ';') {
                semi = j;
                break;
            }
        }
        String decoded = semi < 0 ? null : decode(html.substring(at + 1, semi));
        if (decoded == null) {
            if (out != null) {
                out.append('&');
            }
            return at + 1;
        }
        if (out != null) {
            out.append(decoded);
        }
        return semi + 1;
    }

    private static String decode(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "nbsp":
                return " ";
            case "lt":
                return "<";
            case "gt":
                return ">";
            case "quot":
                return "\"";
            case "apos":
                return "'";
            case "amp":
                return "&";
            default:
                break;
        }
        if (name.length() < 2 || name.charAt(0) != '#') {
            return null;
        }
        try {
            int code = name.charAt(1) == 'x' || name.charAt(1) == 'X'
                    ? Integer.parseInt(name.substring(2), 16) : Integer.parseInt(name.substring(1));
            return Character.isValidCodePoint(code) && code != 0 ? new String(Character.toChars(code)) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
