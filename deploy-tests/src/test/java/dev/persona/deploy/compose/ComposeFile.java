package dev.persona.deploy.compose;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.persona.deploy.yaml.StrictMapper;
import dev.persona.deploy.yaml.YamlDocs;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * docker-compose.yml, the Compose Specification fields it uses, bound strictly: an unknown or misplaced key
 * ({@code enviroment:}, {@code depends-on:}) fails. Top-level x- extension keys are dropped first, as Compose does.
 */
public record ComposeFile(Map<String, Service> services, Map<String, Network> networks, Map<String, Object> volumes) {

    public static ComposeFile read(Path file) {
        ObjectNode tree = (ObjectNode) YamlDocs.readOne(file);
        List.copyOf(tree.propertyNames()).stream().filter(k -> k.startsWith("x-")).forEach(tree::remove);
        return StrictMapper.bind(tree, ComposeFile.class);
    }

    public ComposeFile {
        if (services == null || services.isEmpty()) {
            throw new IllegalArgumentException("no services");
        }
        networks = networks == null ? Map.of() : networks;
        volumes = volumes == null ? Map.of() : volumes;
    }

    public record Service(String image, Build build, Map<String, Object> environment,
            @JsonProperty("depends_on") JsonNode dependsOn, List<String> ports, List<String> volumes,
            Healthcheck healthcheck, JsonNode command, String user, String restart) {
        public Service {
            if ((image == null) == (build == null)) {
                throw new IllegalArgumentException("a service needs exactly one of image and build");
            }
            environment = environment == null ? Map.of() : environment;
            environment.forEach((k, v) -> {
                if (v != null && !(v instanceof String) && !(v instanceof Number)) {
                    throw new IllegalArgumentException("environment " + k + " must be a string or a number, not " + v);
                }
            });
            ports = ports == null ? List.of() : ports;
            volumes = volumes == null ? List.of() : volumes;
            if (dependsOn != null && !dependsOn.isArray() && !dependsOn.isObject()) {
                throw new IllegalArgumentException("depends_on must be a list or a map");
            }
            if (dependsOn != null && dependsOn.isObject()) {
                dependsOn.properties().forEach(e -> {
                    JsonNode condition = e.getValue().get("condition");
                    if (condition == null || !List.of("service_started", "service_healthy", "service_completed_successfully")
                            .contains(condition.asString()) || e.getValue().size() != 1) {
                        throw new IllegalArgumentException("depends_on " + e.getKey() + ": needs just a valid condition");
                    }
                });
            }
        }

        /** Environment values as the container sees them (numbers as text). */
        public Map<String, String> env() {
            Map<String, String> env = new LinkedHashMap<>();
            environment.forEach((k, v) -> env.put(k, v == null ? "" : v.toString()));
            return env;
        }

        /** Each dependency and its condition (service_started for the list form). */
        public Map<String, String> dependencies() {
            Map<String, String> deps = new LinkedHashMap<>();
            if (dependsOn != null && dependsOn.isArray()) {
                dependsOn.forEach(d -> deps.put(d.asString(), "service_started"));
            } else if (dependsOn != null) {
                dependsOn.properties().forEach(e -> deps.put(e.getKey(), e.getValue().get("condition").asString()));
            }
            return deps;
        }
    }

    public record Build(String context, String dockerfile) {
        public Build {
            if (context == null) {
                throw new IllegalArgumentException("build needs a context");
            }
        }
    }

    public record Healthcheck(JsonNode test, String interval, String timeout, Integer retries,
            @JsonProperty("start_period") String startPeriod) {
        public Healthcheck {
            if (test == null) {
                throw new IllegalArgumentException("healthcheck needs a test");
            }
        }
    }

    public record Network(Ipam ipam) {
    }

    public record Ipam(List<IpamConfig> config) {
    }

    public record IpamConfig(String subnet) {
    }
}
