package dev.persona.launcher;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * The path rules the gateway applies before it routes anything. Routing decides on one reading of the path and the
 * service behind it may read it another way (Vert.x Web decodes {@code %2e} and resolves {@code ..}), so any path
 * whose readings can differ is refused: dot segments, encoded dots and slashes, backslashes, empty segments, bad
 * percent-encoding and characters RFC 3986 says must be encoded. What is left is forwarded in its normal form
 * (RFC 3986 6.2.2: unreserved characters decoded, percent-encodings in upper case), so the service reads exactly
 * the path that was routed.
 */
final class RequestPath {
    private static final String SUB_DELIMS = "!$&'()*+,;=";

    private RequestPath() {
    }

    /** Why a path was refused; the message is the problem's detail. */
    static final class NotAllowed extends Exception {
        NotAllowed(String detail) {
            super(detail, null, false, false);
        }
    }

    /** The path to route and forward, or {@link NotAllowed} when its readings could differ. */
    static String normalise(String raw) throws NotAllowed {
        if (raw == null || raw.isEmpty() || raw.charAt(0) != '/') {
            throw new NotAllowed("The path must start with '/'.");
        }
        String decoded = decodeUnreserved(raw);
        if (decoded.contains("//")) {
            throw new NotAllowed("Empty path segments ('//') are not allowed.");
        }
        if (!removeDotSegments(decoded).equals(decoded) || hasDotSegmentWithParameters(decoded)) {
            throw new NotAllowed("Dot segments ('.' and '..') are not allowed in the path.");
        }
        return decoded;
    }

    /**
     * Whether the path is a service's own management surface (Quarkus {@code /q/}: metrics, OpenAPI, Swagger UI,
     * health), at the root or under a service prefix. Those answer on each service's loopback port only.
     */
    static boolean isManagement(String normalised) {
        String[] segments = normalised.split("/", 4);
        return segments.length > 1 && isQ(segments[1]) || segments.length > 2 && isQ(segments[2]);
    }

    /** RFC 3986 5.2.4 for an absolute path: "." segments go, ".." segments take the one before them along. */
    static String removeDotSegments(String path) {
        String[] segments = path.substring(1).split("/", -1);
        Deque<String> out = new ArrayDeque<>();
        boolean trailingSlash = false;
        for (String segment : segments) {
            trailingSlash = false;
            if (segment.equals(".")) {
                trailingSlash = true;
            } else if (segment.equals("..")) {
                out.pollLast();
                trailingSlash = true;
            } else {
                out.addLast(segment);
            }
        }
        return "/" + String.join("/", out) + (trailingSlash && !out.isEmpty() ? "/" : "");
    }

    /** {@code ..;x}: servlet containers read the segment before its parameters, so it is a dot segment to them. */
    private static boolean hasDotSegmentWithParameters(String path) {
        for (String segment : path.split("/", -1)) {
            int semicolon = segment.indexOf(';');
            String name = semicolon < 0 ? segment : segment.substring(0, semicolon);
            if (name.equals(".") || name.equals("..")) {
                return true;
            }
        }
        return false;
    }

    private static boolean isQ(String segment) {
        int semicolon = segment.indexOf(';');
        return (semicolon < 0 ? segment : segment.substring(0, semicolon)).toLowerCase(Locale.ROOT).equals("q");
    }

    private static String decodeUnreserved(String raw) throws NotAllowed {
        StringBuilder out = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                int value = hexByte(raw, i);
                appendDecoded(out, value);
                i += 2;
            } else if (c == '\\') {
                throw new NotAllowed("Backslashes are not allowed in the path.");
            } else if (c == '/' || isPchar(c)) {
                out.append(c);
            } else {
                throw new NotAllowed("The path holds a character that must be percent-encoded.");
            }
        }
        return out.toString();
    }

    private static void appendDecoded(StringBuilder out, int value) throws NotAllowed {
        char c = (char) value;
        if (c == '.') {
            throw new NotAllowed("Encoded dots (%2e) are not allowed in the path.");
        }
        if (c == '/' || c == '\\') {
            throw new NotAllowed("Encoded slashes (%2f, %5c) are not allowed in the path.");
        }
        if (value < 0x20 || value == 0x7f) {
            throw new NotAllowed("Encoded control characters are not allowed in the path.");
        }
        if (isUnreserved(c)) {
            out.append(c);
        } else {
            out.append('%').append(String.format(Locale.ROOT, "%02X", value));
        }
    }

    private static int hexByte(String raw, int percent) throws NotAllowed {
        int high = percent + 1 < raw.length() ? hexDigit(raw.charAt(percent + 1)) : -1;
        int low = percent + 2 < raw.length() ? hexDigit(raw.charAt(percent + 2)) : -1;
        if (high < 0 || low < 0) {
            throw new NotAllowed("The path holds a malformed percent-encoding.");
        }
        return high * 16 + low;
    }

    /** ASCII only: Character.digit would also take full-width and other scripts' digits. */
    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static boolean isUnreserved(char c) {
        return c < 0x80 && (Character.isLetterOrDigit(c) || c == '-' || c == '.' || c == '_' || c == '~');
    }

    private static boolean isPchar(char c) {
        return isUnreserved(c) || SUB_DELIMS.indexOf(c) >= 0 || c == ':' || c == '@';
    }
}
