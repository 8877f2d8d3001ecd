package dev.persona.deploy.service;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one Quarkus service reads and serves, from its own files (read-only inputs): application.properties as the
 * prod profile sees it over common's defaults, the property names its code reads, its Kafka channels, the HTTP paths
 * of its source, the extensions in its pom and the port its Dockerfile exposes. Values resolve the way SmallRye
 * Config does: an environment variable named after the property (upper case, every other character an underscore)
 * wins over the file, and ${name:default} expressions expand.
 */
public final class QuarkusService {
    static final String UUID_PLACEHOLDER = "<uuid>";
    private static final Pattern EXPRESSION_NAME = Pattern.compile("\\$\\{([^:}$]+)");
    private static final Pattern EXPOSE = Pattern.compile("(?m)^\\s*EXPOSE\\s+(\\d+)");
    private static final Pattern CHANNEL = Pattern.compile("mp\\.messaging\\.(incoming|outgoing)\\.([\\w-]+)\\.connector");
    /** What an extension reads beyond application.properties, for the extensions these services use. */
    private static final Map<String, List<String>> EXTENSION_PROPERTIES = Map.of(
            "quarkus-mongodb-client", List.of("quarkus.mongodb.connection-string", "quarkus.mongodb.database"),
            "quarkus-mongodb-panache", List.of("quarkus.mongodb.connection-string", "quarkus.mongodb.database"),
            "quarkus-messaging-kafka", List.of("kafka.bootstrap.servers"),
            "quarkus-smallrye-jwt", List.of("mp.jwt.verify.publickey.location", "mp.jwt.verify.issuer"),
            "quarkus-mailer", List.of("quarkus.mailer.mock", "quarkus.mailer.host", "quarkus.mailer.port",
                    "quarkus.mailer.username", "quarkus.mailer.password", "quarkus.mailer.from"));
    private static final List<String> ALWAYS_READ = List.of("quarkus.http.port", "quarkus.http.host",
            "quarkus.profile", "quarkus.log.level");

    private final String name;
    private final Path dir;
    private final Map<String, String> properties;
    private final Set<String> extensions;
    private final Set<String> readProperties;
    private final List<String> paths;

    private QuarkusService(String name, Path dir, Map<String, String> properties, Set<String> extensions,
            Set<String> readProperties, List<String> paths) {
        this.name = name;
        this.dir = dir;
        this.properties = properties;
        this.extensions = extensions;
        this.readProperties = readProperties;
        this.paths = paths;
    }

    /** The service in {@code repo/name}, with common's config defaults under its own. */
    public static QuarkusService load(Path repo, String name) {
        Path dir = repo.resolve(name);
        Path common = repo.resolve("common");
        Map<String, String> commonDefaults = load(common.resolve("src/main/resources/META-INF/microprofile-config.properties"));
        Map<String, String> own = load(dir.resolve("src/main/resources/application.properties"));
        Map<String, String> effective = new LinkedHashMap<>(prodProfile(commonDefaults));
        effective.putAll(prodProfile(own));

        List<String> sources = new ArrayList<>(JavaSource.read(dir));
        Set<String> extensions = extensions(dir.resolve("pom.xml"));
        Set<String> read = new TreeSet<>(ALWAYS_READ);
        for (Map<String, String> file : List.of(commonDefaults, own)) {
            file.forEach((key, value) -> {
                read.add(withoutProfile(key));
                read.addAll(expressionNames(value));
            });
        }
        read.addAll(ConfigMappings.propertyNames(sources));
        read.addAll(ConfigMappings.propertyNames(JavaSource.read(common)));
        extensions.forEach(e -> read.addAll(EXTENSION_PROPERTIES.getOrDefault(e, List.of())));
        return new QuarkusService(name, dir, effective, extensions, read, RestPaths.of(sources));
    }

    public String name() {
        return name;
    }

    public Path dir() {
        return dir;
    }

    public boolean uses(String extension) {
        return extensions.contains(extension);
    }

    public boolean usesMongo() {
        return uses("quarkus-mongodb-client") || uses("quarkus-mongodb-panache");
    }

    public boolean usesKafka() {
        return uses("quarkus-messaging-kafka");
    }

    public boolean verifiesTokens() {
        return uses("quarkus-smallrye-jwt");
    }

    /** Path templates of its HTTP API (without the /q/ endpoints). */
    public List<String> paths() {
        return paths;
    }

    /** Whether a request path (already concrete) is one of its routes. */
    public boolean serves(String requestPath) {
        return paths.stream().anyMatch(t -> requestPath.matches(t.replaceAll("\\{[^}]*}", "[^/]+")));
    }

    /** Whether the service reads an environment variable of this name. */
    public boolean readsEnv(String variable) {
        return readProperties.stream().anyMatch(p -> p.equals(variable) || envName(p).equals(variable));
    }

    /** A property's value with these environment variables set; null if it has none (or an expression cannot expand). */
    public String value(String property, Map<String, String> env) {
        return resolve(property, env, 0);
    }

    public int httpPort(Map<String, String> env) {
        return Integer.parseInt(valueOr("quarkus.http.port", env, "8080"));
    }

    /** Where the health, metrics and other /q/ endpoints are served: the management port if that is enabled. */
    public int managementPort(Map<String, String> env) {
        return Boolean.parseBoolean(valueOr("quarkus.management.enabled", env, "false"))
                ? Integer.parseInt(valueOr("quarkus.management.port", env, "9000")) : httpPort(env);
    }

    public String healthPath(String check, Map<String, String> env) {
        String root = valueOr("quarkus.http.non-application-root-path", env, "q");
        String health = valueOr("quarkus.smallrye-health.root-path", env, "health");
        return RestPaths.normalise("/" + root + "/" + health + "/" + check);
    }

    public String metricsPath(Map<String, String> env) {
        return valueOr("quarkus.micrometer.export.prometheus.path", env,
                "/" + valueOr("quarkus.http.non-application-root-path", env, "q") + "/metrics");
    }

    /** The largest request body, in bytes (quarkus.http.limits.max-body-size; Quarkus' default 10240K). */
    public long maxBodyBytes(Map<String, String> env) {
        return Sizes.bytes(valueOr("quarkus.http.limits.max-body-size", env, "10240K"));
    }

    public List<KafkaChannel> kafkaChannels() {
        List<KafkaChannel> channels = new ArrayList<>();
        for (Map.Entry<String, String> e : properties.entrySet()) {
            Matcher m = CHANNEL.matcher(e.getKey());
            if (!m.matches() || !"smallrye-kafka".equals(e.getValue())) {
                continue;
            }
            boolean incoming = m.group(1).equals("incoming");
            String prefix = "mp.messaging." + m.group(1) + "." + m.group(2) + ".";
            Map<String, String> none = Map.of();
            String topic = valueOr(prefix + "topic", none, m.group(2));
            String group = incoming ? valueOr(prefix + "group.id", none, value("quarkus.application.name", none)) : null;
            String reset = incoming ? valueOr(prefix + "auto.offset.reset", none, "latest") : null;
            String dlq = incoming && "dead-letter-queue".equals(value(prefix + "failure-strategy", none))
                    ? valueOr(prefix + "dead-letter-queue.topic", none, "dead-letter-topic-" + m.group(2)) : null;
            channels.add(new KafkaChannel(m.group(2), incoming, topic, group, reset, dlq));
        }
        return channels;
    }

    /** Every topic it reads or writes, dead letters included. */
    public Set<String> topics() {
        Set<String> topics = new TreeSet<>();
        for (KafkaChannel c : kafkaChannels()) {
            topics.add(c.topic());
            if (c.deadLetterTopic() != null) {
                topics.add(c.deadLetterTopic());
            }
        }
        return topics;
    }

    /** The port its Dockerfile EXPOSEs, or -1. */
    public int dockerfileExpose(Path dockerfile) {
        try {
            Matcher m = EXPOSE.matcher(Files.readString(dockerfile));
            return m.find() ? Integer.parseInt(m.group(1)) : -1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The environment variable SmallRye Config maps a property name to. */
    public static String envName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase();
    }

    private String valueOr(String property, Map<String, String> env, String fallback) {
        String value = value(property, env);
        return value == null ? fallback : value;
    }

    private String resolve(String property, Map<String, String> env, int depth) {
        if (depth > 20) {
            throw new IllegalArgumentException(name + ": expressions nested too deep at " + property);
        }
        if (property.equals("quarkus.uuid")) {
            return UUID_PLACEHOLDER;
        }
        String raw = env.containsKey(property) ? env.get(property)
                : env.containsKey(envName(property)) ? env.get(envName(property)) : properties.get(property);
        return raw == null ? null : expand(raw, env, depth);
    }

    /** ${name} and ${name:default}, innermost first; null when a name has no value and no default. */
    private String expand(String raw, Map<String, String> env, int depth) {
        String value = raw;
        int start;
        while ((start = value.lastIndexOf("${")) >= 0) {
            int end = value.indexOf('}', start);
            if (end < 0) {
                return value;
            }
            String expression = value.substring(start + 2, end);
            int colon = expression.indexOf(':');
            String key = colon < 0 ? expression : expression.substring(0, colon);
            String resolved = resolve(key, env, depth + 1);
            if (resolved == null) {
                if (colon < 0) {
                    return null;
                }
                resolved = expression.substring(colon + 1);
            }
            value = value.substring(0, start) + resolved + value.substring(end + 1);
        }
        return value;
    }

    private static Map<String, String> load(Path file) {
        Properties p = new Properties();
        if (Files.exists(file)) {
            try (Reader reader = Files.newBufferedReader(file)) {
                p.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Map<String, String> map = new LinkedHashMap<>();
        p.stringPropertyNames().stream().sorted().forEach(k -> map.put(k, p.getProperty(k)));
        return map;
    }

    /** The properties as the prod profile (a deployment's) sees them: %prod.x over x, other profiles dropped. */
    private static Map<String, String> prodProfile(Map<String, String> all) {
        Map<String, String> effective = new LinkedHashMap<>();
        all.forEach((k, v) -> {
            if (!k.startsWith("%")) {
                effective.putIfAbsent(k, v);
            }
        });
        all.forEach((k, v) -> {
            if (k.startsWith("%prod.")) {
                effective.put(k.substring("%prod.".length()), v);
            }
        });
        return effective;
    }

    private static String withoutProfile(String key) {
        return key.startsWith("%") ? key.substring(key.indexOf('.') + 1) : key;
    }

    private static Set<String> expressionNames(String value) {
        Set<String> names = new HashSet<>();
        Matcher m = EXPRESSION_NAME.matcher(value);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static Set<String> extensions(Path pom) {
        try {
            Set<String> found = new TreeSet<>();
            Matcher m = Pattern.compile("<artifactId>(quarkus-[\\w-]+)</artifactId>").matcher(Files.readString(pom));
            while (m.find()) {
                found.add(m.group(1));
            }
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
