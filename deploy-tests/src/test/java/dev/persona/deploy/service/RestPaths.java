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
 * The HTTP paths a service serves, read from its source: JAX-RS {@code @Path} on resource classes and their methods,
 * and Vert.x {@code router.post(PATH)} routes. A {@code @Path} that is not a string literal fails, rather than
 * being skipped and leaving a route unchecked.
 */
public final class RestPaths {
    private static final Pattern PATH_ANNOTATION = Pattern.compile("@(?:jakarta\\.ws\\.rs\\.)?Path\\s*\\(\\s*(\"(?:[^\"\\\\]|\\\\.)*\")?");
    private static final Pattern TYPE_DECLARATION = Pattern.compile("\\b(class|interface|record|enum)\\s+\\w+");
    private static final Pattern HTTP_METHOD = Pattern.compile("@(?:jakarta\\.ws\\.rs\\.)?(GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS)\\b");
    private static final Pattern ROUTER_CALL = Pattern.compile(
            "\\brouter\\s*\\.\\s*(?:get|post|put|delete|patch|head|options|route)\\s*\\(\\s*(\"[^\"]*\"|\\w+)\\s*\\)");
    private static final Pattern STRING_CONSTANT = Pattern.compile(
            "static\\s+final\\s+String\\s+(\\w+)\\s*=\\s*\"([^\"]*)\"\\s*;");

    private RestPaths() {
    }

    /** Path templates such as /personas/{id}/chat, in the order found. */
    public static List<String> of(List<String> sources) {
        Set<String> paths = new LinkedHashSet<>();
        for (String source : sources) {
            paths.addAll(jaxRs(source));
            paths.addAll(vertx(source));
        }
        return List.copyOf(paths);
    }

    private static List<String> jaxRs(String source) {
        Matcher type = TYPE_DECLARATION.matcher(source);
        int typeStart = type.find() ? type.start() : 0;
        String masked = maskStrings(source);
        String classPath = null;
        List<String> methodPaths = new ArrayList<>();
        Matcher m = PATH_ANNOTATION.matcher(source);
        while (m.find()) {
            if (m.group(1) == null) {
                throw new IllegalArgumentException("@Path without a string literal: "
                        + source.substring(m.start(), Math.min(source.length(), m.end() + 40)));
            }
            String value = unquote(m.group(1));
            if (m.start() < typeStart) {
                classPath = value;
            } else {
                methodPaths.add(value);
            }
        }
        if (classPath == null) {
            if (!methodPaths.isEmpty()) {
                throw new IllegalArgumentException("method @Path without a class @Path: " + methodPaths);
            }
            return List.of();
        }
        List<String> paths = new ArrayList<>();
        if (servesClassPath(source, masked, typeStart)) {
            paths.add(normalise(classPath));
        }
        for (String methodPath : methodPaths) {
            paths.add(normalise(classPath + "/" + methodPath));
        }
        return paths;
    }

    /** Whether a resource method without its own @Path answers on the class path. */
    private static boolean servesClassPath(String source, String masked, int typeStart) {
        Matcher http = HTTP_METHOD.matcher(masked);
        while (http.find()) {
            if (http.start() < typeStart) {
                continue;
            }
            // The member's header: from the end of the previous member to the start of this method's body.
            int start = Math.max(masked.lastIndexOf(';', http.start()),
                    Math.max(masked.lastIndexOf('}', http.start()), masked.lastIndexOf('{', http.start())));
            int brace = masked.indexOf('{', http.end());
            int semicolon = masked.indexOf(';', http.end());
            int end = brace < 0 ? semicolon : semicolon < 0 ? brace : Math.min(brace, semicolon);
            if (!PATH_ANNOTATION.matcher(source.substring(start + 1, end < 0 ? source.length() : end)).find()) {
                return true;
            }
        }
        return false;
    }

    /** String literal contents blanked, so braces and semicolons in them do not look like structure. */
    private static String maskStrings(String source) {
        StringBuilder out = new StringBuilder(source);
        Matcher m = Pattern.compile("\"(?:[^\"\\\\\n]|\\\\.)*\"").matcher(source);
        while (m.find()) {
            for (int i = m.start() + 1; i < m.end() - 1; i++) {
                out.setCharAt(i, ' ');
            }
        }
        return out.toString();
    }

    private static List<String> vertx(String source) {
        Map<String, String> constants = new HashMap<>();
        Matcher c = STRING_CONSTANT.matcher(source);
        while (c.find()) {
            constants.put(c.group(1), c.group(2));
        }
        List<String> paths = new ArrayList<>();
        Matcher m = ROUTER_CALL.matcher(source);
        while (m.find()) {
            String arg = m.group(1);
            String path = arg.startsWith("\"") ? unquote(arg) : constants.get(arg);
            if (path == null) {
                throw new IllegalArgumentException("Vert.x route on " + arg + ", which is not a string constant here");
            }
            paths.add(normalise(path));
        }
        return paths;
    }

    private static String unquote(String literal) {
        return literal.substring(1, literal.length() - 1);
    }

    static String normalise(String path) {
        String joined = ("/" + path).replaceAll("/+", "/");
        return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
    }

    /** A concrete request path for a template: each {param} (or {param: regex}) becomes a plausible id. */
    public static String example(String template) {
        return template.replaceAll("\\{[^}]*}", "p1x2");
    }
}
