package dev.persona.deploy.service;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The five services and the repository they are read from. */
public final class Services {
    public static final List<String> NAMES = List.of("auth-service", "ingest-service", "transcribe-service",
            "embed-service", "chat-service");
    private static List<QuarkusService> all;

    private Services() {
    }

    /** The repository root: the parent of this module's folder, where Maven runs the tests. */
    public static Path repo() {
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("deploy/k8s")) && Files.isRegularFile(p.resolve("docker-compose.yml"))) {
                return p;
            }
        }
        throw new IllegalStateException("no repository with deploy/k8s above " + here);
    }

    public static synchronized List<QuarkusService> all() {
        if (all == null) {
            Path repo = repo();
            all = NAMES.stream().map(n -> QuarkusService.load(repo, n)).toList();
        }
        return all;
    }

    /**
     * The topics common's Topics class declares, each with its dead-letter topic: created before any service uses
     * them, so a new consumer does not find its topic missing.
     */
    public static java.util.Set<String> declaredTopics() {
        String source = dev.persona.deploy.yaml.YamlDocs.read(repo().resolve("common/src/main/java/dev/persona/common/events/Topics.java"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                "static final String (\\w+) = \"([^\"]+)\";").matcher(source);
        java.util.Set<String> topics = new java.util.TreeSet<>();
        while (m.find()) {
            if (!m.group(1).equals("DEAD_LETTER_SUFFIX")) {
                topics.add(m.group(2));
                topics.add(m.group(2) + "-dlq");
            }
        }
        return topics;
    }

    public static QuarkusService named(String name) {
        return all().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no service " + name));
    }
}
