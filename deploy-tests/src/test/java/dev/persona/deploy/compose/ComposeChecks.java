package dev.persona.deploy.compose;

import dev.persona.deploy.nginx.NginxConf;
import dev.persona.deploy.service.QuarkusService;
import dev.persona.deploy.service.RestPaths;
import dev.persona.deploy.service.Sizes;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** docker-compose.yml and the gateway's nginx config against what the services read, serve and need. */
public final class ComposeChecks {
    private static final String GATEWAY = "gateway";
    private static final String GATEWAY_CONF_IN_CONTAINER = "/etc/nginx/conf.d/default.conf";

    private final ComposeFile compose;
    private final Path repo;
    private final List<QuarkusService> services;

    public ComposeChecks(ComposeFile compose, Path repo, List<QuarkusService> services) {
        this.compose = compose;
        this.repo = repo;
        this.services = services;
    }

    /** Each service built from its own folder, on its own port, with exactly the variables it reads. */
    public List<String> services() {
        List<String> problems = new ArrayList<>();
        for (QuarkusService s : services) {
            ComposeFile.Service c = compose.services().get(s.name());
            if (c == null) {
                problems.add("no compose service " + s.name());
                continue;
            }
            Map<String, String> env = c.env();
            if (c.build() == null || !Path.of(c.build().context()).normalize().toString().equals(s.name())) {
                problems.add(s.name() + " is not built from its folder " + s.name());
            } else {
                Path dockerfile = repo.resolve(c.build().context()).resolve(
                        c.build().dockerfile() == null ? "Dockerfile" : c.build().dockerfile());
                if (!Files.isRegularFile(dockerfile)) {
                    problems.add(s.name() + ": no Dockerfile " + repo.relativize(dockerfile));
                } else if (s.dockerfileExpose(dockerfile) != s.httpPort(env)) {
                    problems.add(s.name() + ": its Dockerfile exposes " + s.dockerfileExpose(dockerfile)
                            + ", the service listens on " + s.httpPort(env));
                }
            }
            for (String name : env.keySet()) {
                if (!s.readsEnv(name)) {
                    problems.add(s.name() + " sets " + name + ", which " + s.name() + " does not read (typo?)");
                }
            }
            requiredConfig(s, c, env, problems);
        }
        return problems;
    }

    private void requiredConfig(QuarkusService s, ComposeFile.Service c, Map<String, String> env, List<String> problems) {
        if (s.usesKafka()) {
            String servers = s.value("kafka.bootstrap.servers", env);
            if (servers == null) {
                problems.add(s.name() + ": no KAFKA_BOOTSTRAP_SERVERS");
            } else {
                for (String server : servers.split(",")) {
                    kafka(s.name(), server.trim(), problems);
                }
            }
        }
        if (s.usesMongo()) {
            String uri = s.value("quarkus.mongodb.connection-string", env);
            if (uri == null) {
                problems.add(s.name() + ": no MongoDB connection string");
            } else {
                String host = uri.replaceFirst("^mongodb://", "").replaceFirst("^[^@/]*@", "").replaceFirst("[/?,].*$", "");
                String name = host.replaceFirst(":.*$", "");
                int port = host.contains(":") ? Integer.parseInt(host.replaceFirst("^.*:", "")) : 27017;
                ComposeFile.Service mongo = compose.services().get(name);
                if (mongo == null || mongo.image() == null || !mongo.image().startsWith("mongo:") || port != 27017) {
                    problems.add(s.name() + ": MongoDB " + host + " is no mongo service on 27017");
                }
                dependsHealthy(s.name(), c, name, problems);
            }
        }
        if (s.verifiesTokens()) {
            String location = s.value("mp.jwt.verify.publickey.location", env);
            URI uri = URI.create(location == null ? "http://unset" : location);
            boolean self = uri.getHost().equals("localhost") && uri.getPort() == s.httpPort(env) && s.serves(uri.getPath());
            Optional<QuarkusService> server = services.stream().filter(x -> x.name().equals(uri.getHost())).findFirst();
            boolean remote = server.isPresent() && compose.services().containsKey(uri.getHost())
                    && server.get().httpPort(compose.services().get(uri.getHost()).env()) == uri.getPort()
                    && server.get().serves(uri.getPath());
            if (!self && !remote) {
                problems.add(s.name() + ": JWKS " + location + " is served by no service");
            }
            QuarkusService auth = services.stream().filter(a -> a.uses("quarkus-smallrye-jwt-build")).findFirst().orElseThrow();
            ComposeFile.Service authService = compose.services().get(auth.name());
            String issuer = authService == null ? null : auth.value("persona.auth.issuer", authService.env());
            if (issuer == null || !issuer.equals(s.value("mp.jwt.verify.issuer", env))) {
                problems.add(s.name() + " accepts issuer " + s.value("mp.jwt.verify.issuer", env) + ", auth issues " + issuer);
            }
        }
        if (s.uses("quarkus-smallrye-jwt-build")) {
            String key = s.value("persona.auth.signing-key-path", env);
            boolean kept = c.volumes().stream().map(v -> v.split(":")).anyMatch(v -> v.length >= 2
                    && compose.volumes().containsKey(v[0]) && key != null && key.startsWith(v[1] + "/"));
            if (!kept) {
                problems.add(s.name() + ": signing key " + key + " is not in a named volume; every restart would log everyone out");
            }
            String proxies = s.value("persona.auth.trusted-proxies", env);
            for (ComposeFile.Network n : compose.networks().values()) {
                if (n.ipam() != null) {
                    n.ipam().config().forEach(cfg -> {
                        if (proxies == null || !List.of(proxies.split(",")).contains(cfg.subnet())) {
                            problems.add(s.name() + " does not trust X-Forwarded-For from the gateway's network " + cfg.subnet()
                                    + ": every client would share the gateway's address for the login limits");
                        }
                    });
                }
            }
        }
        if (s.uses("quarkus-mailer") && "false".equals(s.value("quarkus.mailer.mock", env))) {
            String host = s.value("quarkus.mailer.host", env);
            if (host == null || host.equals("localhost") || !compose.services().containsKey(host)) {
                problems.add(s.name() + " sends mail to SMTP host " + host + ", which is not here");
            }
        }
    }

    private void kafka(String who, String server, List<String> problems) {
        String host = server.replaceFirst(":\\d+$", "");
        String port = server.replaceFirst("^.*:", "");
        ComposeFile.Service kafka = compose.services().get(host);
        String advertised = kafka == null ? "" : kafka.env().getOrDefault("KAFKA_ADVERTISED_LISTENERS", "");
        if (kafka == null || kafka.image() == null || !kafka.image().startsWith("apache/kafka:")
                || !List.of(advertised.split(",")).stream().anyMatch(l -> l.endsWith("://" + host + ":" + port))) {
            problems.add(who + ": Kafka " + server + " is no broker advertising " + server);
            return;
        }
        dependsHealthy(who, compose.services().get(who), host, problems);
    }

    private void dependsHealthy(String who, ComposeFile.Service service, String target, List<String> problems) {
        String condition = service.dependencies().get(target);
        if (condition == null) {
            problems.add(who + " does not depend on " + target + ", so it may start before it");
        } else if (!condition.equals("service_healthy") && compose.services().get(target).healthcheck() != null) {
            problems.add(who + " depends on " + target + " being started, not healthy");
        }
    }

    /** depends_on names services, waits only on what can report it, and only the gateway publishes a port. */
    public List<String> wiring() {
        List<String> problems = new ArrayList<>();
        compose.services().forEach((name, service) -> {
            service.dependencies().forEach((target, condition) -> {
                ComposeFile.Service t = compose.services().get(target);
                if (t == null) {
                    problems.add(name + " depends on " + target + ", which is no service");
                } else if (condition.equals("service_healthy") && t.healthcheck() == null) {
                    problems.add(name + " waits for " + target + " to be healthy, which has no healthcheck");
                } else if (condition.equals("service_completed_successfully") && t.command() == null) {
                    problems.add(name + " waits for " + target + " to finish, which is no one-shot command");
                }
            });
            if (!name.equals(GATEWAY) && !service.ports().isEmpty()) {
                problems.add(name + " publishes " + service.ports() + "; only the gateway should be reachable");
            }
            for (String volume : service.volumes()) {
                String source = volume.split(":")[0];
                if (!source.startsWith(".") && !source.startsWith("/") && !compose.volumes().containsKey(source)) {
                    problems.add(name + " mounts volume " + source + ", which is not declared");
                }
            }
        });
        return problems;
    }

    /**
     * The gateway proxies to the services on their ports and routes each of their paths to them, never /q/ nor an
     * operator-only path.
     */
    public List<String> gateway(List<String> internalPaths) {
        List<String> problems = new ArrayList<>();
        ComposeFile.Service gateway = compose.services().get(GATEWAY);
        Optional<Path> conf = gateway == null ? Optional.empty() : gateway.volumes().stream().map(v -> v.split(":"))
                .filter(v -> v.length >= 2 && v[1].equals(GATEWAY_CONF_IN_CONTAINER)).map(v -> repo.resolve(v[0]).normalize())
                .findFirst();
        if (conf.isEmpty() || !Files.isRegularFile(conf.get())) {
            problems.add("the gateway mounts no nginx config at " + GATEWAY_CONF_IN_CONTAINER);
            return problems;
        }
        NginxConf nginx = NginxConf.parse(dev.persona.deploy.yaml.YamlDocs.read(conf.get()));
        Set<String> upstreams = new TreeSet<>();
        for (NginxConf.Directive location : nginx.server().children("location")) {
            NginxConf.upstream(location).ifPresent(upstreams::add);
        }
        for (String upstream : upstreams) {
            String host = upstream.replaceFirst(":\\d+$", "");
            int port = Integer.parseInt(upstream.replaceFirst("^.*:", ""));
            Optional<QuarkusService> s = services.stream().filter(x -> x.name().equals(host)).findFirst();
            if (s.isEmpty() || !compose.services().containsKey(host) || s.get().httpPort(compose.services().get(host).env()) != port) {
                problems.add("the gateway proxies to " + upstream + ", where no service listens");
            }
            if (!gateway.dependencies().containsKey(host)) {
                problems.add("the gateway does not depend on " + host);
            }
        }
        for (QuarkusService s : services) {
            for (String template : s.paths()) {
                String uri = RestPaths.example(template);
                String routed = nginx.location(uri).flatMap(NginxConf::upstream).map(u -> u.replaceFirst(":\\d+$", "")).orElse("nothing");
                boolean internal = internalPaths.stream().anyMatch(p -> uri.equals(p) || uri.startsWith(p + "/"));
                if (internal && !routed.equals("nothing")) {
                    problems.add("the gateway routes the internal " + uri + " (" + s.name() + ") to " + routed);
                } else if (!internal && !routed.equals(s.name())) {
                    problems.add("the gateway routes " + uri + " (" + s.name() + " " + template + ") to " + routed);
                }
            }
        }
        for (String q : List.of("/q/health", "/q/metrics", "/q/openapi", "/auth/q/metrics", "/personas/q/health")) {
            nginx.location(q).flatMap(NginxConf::upstream).ifPresent(u -> problems.add("the gateway routes " + q + " to " + u));
        }
        long largestBody = services.stream().mapToLong(s -> s.maxBodyBytes(Map.of())).max().orElse(0);
        Optional<String> bodySize = nginx.server().child("client_max_body_size").map(d -> d.args().get(0));
        if (bodySize.isEmpty() || Sizes.bytes(bodySize.get()) != largestBody) {
            problems.add("the gateway's client_max_body_size " + bodySize.orElse(null) + " should be " + largestBody + " bytes");
        }
        return problems;
    }
}
