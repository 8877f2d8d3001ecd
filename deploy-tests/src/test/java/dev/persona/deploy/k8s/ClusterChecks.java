package dev.persona.deploy.k8s;

import dev.persona.deploy.service.KafkaChannel;
import dev.persona.deploy.service.QuarkusService;
import dev.persona.deploy.service.RestPaths;
import dev.persona.deploy.service.Sizes;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The checks of one rendered overlay against the services it runs. Each returns the problems it finds, worded for
 * the person who has to fix the manifest; none means the check passes.
 */
public final class ClusterChecks {
    /** Where ingress-nginx's controller pods run and how they are labelled (its Helm chart's defaults). */
    public static final NetworkPolicies.Pod INGRESS_CONTROLLER = NetworkPolicies.Pod.in("ingress-nginx",
            Map.of("app.kubernetes.io/name", "ingress-nginx"));
    public static final NetworkPolicies.Pod KEDA_OPERATOR = NetworkPolicies.Pod.in("keda",
            Map.of("app.kubernetes.io/name", "keda-operator"));
    public static final NetworkPolicies.Pod PROMETHEUS = NetworkPolicies.Pod.in("monitoring",
            Map.of("app.kubernetes.io/name", "prometheus"));

    private final Manifests m;
    private final List<QuarkusService> services;
    private final DocumentedSecrets documented;
    private final Set<String> declaredTopics;

    public ClusterChecks(Manifests manifests, List<QuarkusService> services, DocumentedSecrets documented,
            Set<String> declaredTopics) {
        this.m = manifests;
        this.services = services;
        this.documented = documented;
        this.declaredTopics = declaredTopics;
    }

    /** Every object is in the one Namespace of the overlay. */
    public List<String> namespaces() {
        List<String> problems = new ArrayList<>();
        if (m.namespaceObject().isEmpty()) {
            problems.add("no Namespace object");
        }
        for (Object o : m.objects()) {
            String ns = o instanceof HasMetadata h ? h.getMetadata().getNamespace() : metadataOf(o).getNamespace();
            String name = o instanceof HasMetadata h ? h.getKind() + " " + h.getMetadata().getName()
                    : o.getClass().getSimpleName() + " " + metadataOf(o).getName();
            if (!(o instanceof io.fabric8.kubernetes.api.model.Namespace) && !m.namespace().equals(ns)) {
                problems.add(name + " is in namespace " + ns + ", not " + m.namespace());
            }
        }
        return problems;
    }

    /** CPU and memory requests and limits on every container, Strimzi's included; limits at least the requests. */
    public List<String> resources() {
        List<String> problems = new ArrayList<>();
        for (Workload w : m.workloads()) {
            for (Container c : w.allContainers()) {
                requestsAndLimits(w + " container " + c.getName(), c.getResources(), problems);
            }
        }
        for (KafkaNodePool pool : m.all(KafkaNodePool.class)) {
            requestsAndLimits("KafkaNodePool " + pool.metadata().getName(), pool.spec().resources(), problems);
        }
        for (StrimziKafka kafka : m.all(StrimziKafka.class)) {
            StrimziKafka.EntityOperator eo = kafka.spec().entityOperator();
            if (eo == null || eo.topicOperator() == null) {
                problems.add("Kafka " + kafka.metadata().getName() + " has no topic operator, so its KafkaTopics do nothing");
            } else {
                requestsAndLimits("Kafka topic operator", eo.topicOperator().resources(), problems);
                if (eo.userOperator() != null) {
                    requestsAndLimits("Kafka user operator", eo.userOperator().resources(), problems);
                }
            }
        }
        return problems;
    }

    private static void requestsAndLimits(String what, ResourceRequirements r, List<String> problems) {
        for (String resource : List.of("cpu", "memory")) {
            Quantity request = r == null || r.getRequests() == null ? null : r.getRequests().get(resource);
            Quantity limit = r == null || r.getLimits() == null ? null : r.getLimits().get(resource);
            if (request == null || limit == null) {
                problems.add(what + " has no " + resource + (request == null ? " request" : " limit"));
            } else if (limit.getNumericalAmount().compareTo(request.getNumericalAmount()) < 0) {
                problems.add(what + ": " + resource + " limit " + limit + " is below its request " + request);
            }
        }
    }

    /** Each service's Deployment, container, ports, probes, metrics, environment and required configuration. */
    public List<String> services() {
        List<String> problems = new ArrayList<>();
        for (QuarkusService s : services) {
            Optional<Deployment> deployment = m.deployment(s.name());
            if (deployment.isEmpty()) {
                problems.add("no Deployment " + s.name());
                continue;
            }
            List<Container> containers = deployment.get().getSpec().getTemplate().getSpec().getContainers();
            Optional<Container> container = containers.stream().filter(c -> c.getName().equals(s.name())).findFirst();
            if (container.isEmpty()) {
                problems.add("Deployment " + s.name() + " has no container named " + s.name());
                continue;
            }
            Workload workload = m.workload(s.name()).orElseThrow();
            serviceContainer(s, deployment.get(), workload, container.get(), problems);
        }
        return problems;
    }

    private void serviceContainer(QuarkusService s, Deployment d, Workload w, Container c, List<String> problems) {
        String where = "Deployment " + s.name() + ": ";
        String image = c.getImage() == null ? "" : c.getImage().replaceAll(":[^/:]*$", "");
        if (!image.endsWith("/" + s.name())) {
            problems.add(where + "image " + c.getImage() + " is not a " + s.name() + " image");
        }
        if (!c.getEnvFrom().isEmpty()) {
            problems.add(where + "envFrom hides which variables it sets; name each in env");
        }
        Map<String, String> env = m.environment(c);
        for (EnvVar e : c.getEnv()) {
            if (!s.readsEnv(e.getName())) {
                problems.add(where + "sets " + e.getName() + ", which " + s.name() + " does not read (typo?)");
            }
            if (e.getValueFrom() != null && e.getValueFrom().getConfigMapKeyRef() != null) {
                var ref = e.getValueFrom().getConfigMapKeyRef();
                Optional<ConfigMap> cm = m.configMap(ref.getName());
                if (!Boolean.TRUE.equals(ref.getOptional()) && (cm.isEmpty() || !cm.get().getData().containsKey(ref.getKey()))) {
                    problems.add(where + e.getName() + " reads key " + ref.getKey() + " of ConfigMap " + ref.getName()
                            + ", which does not exist");
                }
            }
            if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
                secretKey(where + e.getName(), e.getValueFrom().getSecretKeyRef(), problems);
            }
        }
        int port = s.httpPort(env);
        int managementPort = s.managementPort(env);
        if (!w.ports().contains(port)) {
            problems.add(where + "no containerPort " + port + " (quarkus.http.port), only " + w.ports());
        }
        probe(where + "livenessProbe", c.getLivenessProbe(), s.healthPath("live", env), managementPort, w, true, problems);
        probe(where + "readinessProbe", c.getReadinessProbe(), s.healthPath("ready", env), managementPort, w, true, problems);
        probe(where + "startupProbe", c.getStartupProbe(), s.healthPath("started", env), managementPort, w, false, problems);
        Map<String, String> annotations = d.getSpec().getTemplate().getMetadata().getAnnotations();
        annotations = annotations == null ? Map.of() : annotations;
        if (!"true".equals(annotations.get("prometheus.io/scrape"))
                || !s.metricsPath(env).equals(annotations.get("prometheus.io/path"))
                || !String.valueOf(managementPort).equals(annotations.get("prometheus.io/port"))) {
            problems.add(where + "prometheus.io annotations should be scrape=true, path=" + s.metricsPath(env)
                    + ", port=" + managementPort + "; are " + annotations);
        }
        Optional<Service> service = m.service(s.name());
        if (service.isEmpty() || !m.selectedBy(service.get()).contains(w)
                || service.get().getSpec().getPorts().stream().noneMatch(p -> m.targetPort(service.get(), p.getPort(), w) == port)) {
            problems.add("Service " + s.name() + " does not select " + s.name() + "'s pods on port " + port);
        }
        requiredConfig(s, w, c, env, problems);
    }

    private void probe(String what, Probe probe, String path, int port, Workload w, boolean required,
            List<String> problems) {
        if (probe == null) {
            if (required) {
                problems.add(what + " is missing");
            }
            return;
        }
        HTTPGetAction get = probe.getHttpGet();
        if (get == null) {
            problems.add(what + " should be an httpGet of " + path);
            return;
        }
        String portText = get.getPort().getStrVal() != null ? get.getPort().getStrVal() : String.valueOf(get.getPort().getIntVal());
        if (!path.equals(get.getPath()) || w.port(portText) != port) {
            problems.add(what + " gets " + get.getPath() + " on port " + portText + "; the service answers " + path
                    + " on " + port);
        }
    }

    /** What each service cannot start or work without: Kafka, MongoDB, the JWKS and issuer, the signing key, mail. */
    private void requiredConfig(QuarkusService s, Workload w, Container c, Map<String, String> env, List<String> problems) {
        String where = "Deployment " + s.name() + ": ";
        if (s.usesKafka()) {
            String servers = s.value("kafka.bootstrap.servers", env);
            if (servers == null) {
                problems.add(where + "no Kafka bootstrap servers (KAFKA_BOOTSTRAP_SERVERS)");
            } else {
                for (String server : servers.split(",")) {
                    reachesInfrastructure(where + "Kafka " + server, server.trim(), -1, "kafka", problems);
                }
            }
        }
        if (s.usesMongo()) {
            String uri = s.value("quarkus.mongodb.connection-string", env);
            if (uri == null) {
                problems.add(where + "no MongoDB connection string (QUARKUS_MONGODB_CONNECTION_STRING)");
            } else if (!isExternalSecret(uri)) {
                String hosts = uri.replaceFirst("^mongodb://", "").replaceFirst("^[^@/]*@", "").replaceFirst("[/?].*$", "");
                for (String host : hosts.split(",")) {
                    reachesInfrastructure(where + "MongoDB " + host, host, 27017, "mongo", problems);
                }
            }
        }
        if (s.verifiesTokens()) {
            jwks(s, where, s.value("mp.jwt.verify.publickey.location", env), s.httpPort(env), problems);
            QuarkusService auth = services.stream().filter(a -> a.uses("quarkus-smallrye-jwt-build")).findFirst().orElse(null);
            if (auth != null && m.deployment(auth.name()).isPresent()) {
                Container authContainer = m.deployment(auth.name()).get().getSpec().getTemplate().getSpec().getContainers().get(0);
                String issuer = auth.value("persona.auth.issuer", m.environment(authContainer));
                String expected = s.value("mp.jwt.verify.issuer", env);
                if (issuer == null || !issuer.equals(expected)) {
                    problems.add(where + "accepts tokens of issuer " + expected + " but " + auth.name() + " issues " + issuer);
                }
            }
        }
        if (s.uses("quarkus-smallrye-jwt-build")) {
            signingKey(s, w, c, env, problems);
        }
        if (s.uses("quarkus-mailer") && "false".equals(s.value("quarkus.mailer.mock", env))) {
            String host = s.value("quarkus.mailer.host", env);
            if (host == null || host.isBlank() || host.equals("localhost")) {
                problems.add(where + "sends mail (quarkus.mailer.mock=false) to SMTP host " + host);
            }
        }
    }

    private void reachesInfrastructure(String what, String hostPort, int defaultPort, String image, List<String> problems) {
        if (isExternalSecret(hostPort)) {
            return;
        }
        int colon = hostPort.lastIndexOf(':');
        String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
        int port = colon < 0 ? defaultPort : Integer.parseInt(hostPort.substring(colon + 1));
        Optional<Workload> target = m.endpoint(host, port);
        if (target.isEmpty()) {
            problems.add(what + ": no Service " + host + " with port " + port + " in front of running pods");
        } else if (!runs(target.get(), image)) {
            problems.add(what + " reaches " + target.get() + ", which does not run " + image);
        }
    }

    private static boolean runs(Workload w, String image) {
        return w.kind().equals("KafkaNodePool") ? image.equals("kafka")
                : w.allContainers().stream().anyMatch(c -> c.getImage().matches("(.*/)?" + image + "(:.*)?"));
    }

    private void jwks(QuarkusService s, String where, String location, int ownPort, List<String> problems) {
        if (location == null) {
            problems.add(where + "no JWKS location (PERSONA_JWKS_URL)");
            return;
        }
        URI uri = URI.create(location);
        String host = uri.getHost();
        int port = uri.getPort() < 0 ? 80 : uri.getPort();
        if (host.equals("localhost") || host.equals("127.0.0.1")) {
            if (port != ownPort || !s.serves(uri.getPath())) {
                problems.add(where + "JWKS " + location + " is on localhost, where nothing serves it");
            }
            return;
        }
        Optional<Workload> target = m.endpoint(host, port);
        Optional<QuarkusService> server = target.flatMap(t -> services.stream().filter(x -> x.name().equals(t.name())).findFirst());
        if (server.isEmpty() || !server.get().serves(uri.getPath())) {
            problems.add(where + "JWKS " + location + " is served by no service");
        }
    }

    private void signingKey(QuarkusService s, Workload w, Container c, Map<String, String> env, List<String> problems) {
        String where = "Deployment " + s.name() + ": ";
        String path = s.value("persona.auth.signing-key-path", env);
        Optional<VolumeMount> mount = c.getVolumeMounts().stream()
                .filter(v -> path != null && path.startsWith(v.getMountPath() + "/")).findFirst();
        Optional<Volume> volume = mount.flatMap(v -> w.podSpec().getVolumes().stream()
                .filter(x -> x.getName().equals(v.getName())).findFirst());
        if (volume.isEmpty() || volume.get().getSecret() == null) {
            problems.add(where + "signing key " + path + " is not on a Secret volume: each replica would make its own key");
            return;
        }
        String secret = volume.get().getSecret().getSecretName();
        String key = path.substring(mount.get().getMountPath().length() + 1);
        boolean inManifests = m.secret(secret).map(x -> Manifests.secretValue(x, key) != null).orElse(false);
        if (!inManifests && !documented.creates(secret, key)) {
            problems.add(where + "signing key needs key " + key + " of Secret " + secret + ", which no documented command creates");
        }
    }

    private void secretKey(String what, SecretKeySelector ref, List<String> problems) {
        Optional<Secret> secret = m.secret(ref.getName());
        boolean present = secret.map(x -> Manifests.secretValue(x, ref.getKey()) != null)
                .orElse(documented.creates(ref.getName(), ref.getKey()));
        if (!present) {
            problems.add(what + " reads key " + ref.getKey() + " of Secret " + ref.getName()
                    + ", which neither the manifests nor a documented kubectl create secret provide"
                    + (Boolean.TRUE.equals(ref.getOptional()) ? " (optional, but document it)" : ""));
        }
    }

    private static boolean isExternalSecret(String value) {
        return value.startsWith("<secret ");
    }

    /** Every Service selects pods and forwards to ports they have; StatefulSets have their headless Service. */
    public List<String> serviceObjects() {
        List<String> problems = new ArrayList<>();
        for (Service service : m.all(Service.class)) {
            List<Workload> selected = m.selectedBy(service);
            if (selected.isEmpty()) {
                problems.add("Service " + Manifests.name(service) + " selects no pods");
            }
            for (var port : service.getSpec().getPorts()) {
                for (Workload w : selected) {
                    if (m.targetPort(service, port.getPort(), w) < 0) {
                        problems.add("Service " + Manifests.name(service) + " port " + port.getPort()
                                + " forwards to " + port.getTargetPort() + ", which " + w + " does not listen on");
                    }
                }
            }
        }
        for (StatefulSet set : m.all(StatefulSet.class)) {
            Optional<Service> governing = m.service(set.getSpec().getServiceName());
            if (governing.isEmpty() || !"None".equals(governing.get().getSpec().getClusterIP())) {
                problems.add("StatefulSet " + Manifests.name(set) + ": serviceName " + set.getSpec().getServiceName()
                        + " is not a headless Service");
            }
        }
        return problems;
    }

    /**
     * The ingress routes every path of every public service to that service, and nothing else: not the /q/
     * endpoints, not the internal services, not the internal paths (reached with kubectl port-forward).
     * Paths are tried as ingress-nginx does.
     */
    public List<String> ingress(List<String> internalPaths) {
        List<String> problems = new ArrayList<>();
        List<Ingress> ingresses = m.ingresses();
        if (ingresses.size() != 1) {
            problems.add("expected one Ingress, found " + ingresses.size());
            return problems;
        }
        Ingress ingress = ingresses.get(0);
        for (IngressRule rule : ingress.getSpec().getRules()) {
            for (HTTPIngressPath path : rule.getHttp().getPaths()) {
                var backend = path.getBackend().getService();
                Optional<Workload> target = m.endpoint(backend.getName(), backend.getPort().getNumber() == null ? -1
                        : backend.getPort().getNumber());
                if (target.isEmpty()) {
                    problems.add("ingress path " + path.getPath() + " goes to " + backend.getName() + ":"
                            + backend.getPort().getNumber() + ", which is no Service port in front of pods");
                }
            }
        }
        for (QuarkusService s : services) {
            for (String template : s.paths()) {
                String request = RestPaths.example(template);
                String routed = IngressRouting.route(ingress, request).map(b -> backendWorkload(b)).orElse("nothing");
                boolean internal = internalPaths.stream().anyMatch(p -> request.equals(p) || request.startsWith(p + "/"));
                if (internal && !routed.equals("nothing")) {
                    problems.add("ingress routes the internal " + request + " (" + s.name() + ") to " + routed);
                } else if (!internal && !routed.equals(s.name())) {
                    problems.add("ingress routes " + request + " (" + s.name() + " " + template + ") to " + routed);
                }
            }
            for (String q : List.of("/q/health", "/q/health/live", "/q/metrics", "/q/openapi", "/q/swagger-ui",
                    "/" + s.name() + "/q/metrics")) {
                IngressRouting.route(ingress, q).ifPresent(b -> problems.add("ingress routes " + q + " to " + b.getService().getName()));
            }
        }
        webApp(ingress, problems);
        publicUrl(ingress, problems);
        long largestBody = services.stream().mapToLong(s -> s.maxBodyBytes(Map.of())).max().orElse(0);
        String bodySize = ingress.getMetadata().getAnnotations().get("nginx.ingress.kubernetes.io/proxy-body-size");
        if (bodySize == null || Sizes.bytes(bodySize) != largestBody) {
            problems.add("ingress proxy-body-size " + bodySize + " should be the services' largest body, " + largestBody + " bytes");
        }
        return problems;
    }

    /**
     * The web app's page, its hashed assets and every file of web/public reach the web Deployment, so the app loads
     * and installs from the same host as the API.
     */
    private void webApp(Ingress ingress, List<String> problems) {
        List<String> paths = new ArrayList<>(List.of("/", "/assets/index-3f2a9c.js"));
        try (var files = java.nio.file.Files.list(dev.persona.deploy.service.Services.repo().resolve("web/public"))) {
            files.forEach(f -> paths.add("/" + f.getFileName()));
        } catch (java.io.IOException e) {
            problems.add("web/public cannot be listed: " + e.getMessage());
        }
        for (String path : paths) {
            String routed = IngressRouting.route(ingress, path).map(this::backendWorkload).orElse("nothing");
            if (!routed.equals("web")) {
                problems.add("ingress routes the web app's " + path + " to " + routed);
            }
        }
    }

    /** Verification links (persona.auth.public-url) point at the host the ingress serves, over TLS if it has it. */
    private void publicUrl(Ingress ingress, List<String> problems) {
        for (QuarkusService s : services) {
            Optional<Deployment> d = m.deployment(s.name());
            String url = d.map(x -> s.value("persona.auth.public-url", m.environment(x.getSpec().getTemplate().getSpec()
                    .getContainers().get(0)))).orElse(null);
            if (url == null || !s.uses("quarkus-smallrye-jwt-build")) {
                continue;
            }
            URI uri = URI.create(url);
            List<String> hosts = ingress.getSpec().getRules().stream().map(IngressRule::getHost)
                    .filter(java.util.Objects::nonNull).toList();
            boolean tls = ingress.getSpec().getTls().stream().anyMatch(t -> t.getHosts().contains(uri.getHost()));
            if (!hosts.isEmpty() && (!hosts.contains(uri.getHost()) || tls != uri.getScheme().equals("https"))) {
                problems.add(s.name() + " public URL " + url + " is not where the ingress serves (" + hosts
                        + (tls ? ", TLS" : "") + ")");
            }
        }
    }

    private String backendWorkload(io.fabric8.kubernetes.api.model.networking.v1.IngressBackend backend) {
        return m.endpoint(backend.getService().getName(), backend.getService().getPort().getNumber())
                .map(Workload::name).orElse(backend.getService().getName() + " (unresolved)");
    }

    /** The topics the services use exist, with their partition counts; Strimzi resources name a real cluster. */
    public Map<String, Integer> partitions(List<String> problems) {
        Map<String, Integer> partitions = new TreeMap<>();
        Optional<ConfigMap> topicsJob = m.configMap("persona-topics");
        for (KafkaTopic t : m.kafkaTopics()) {
            partitions.put(t.topic(), t.spec().partitions());
        }
        topicsJob.ifPresent(cm -> {
            int n = Integer.parseInt(cm.getData().getOrDefault("partitions", "0"));
            for (String topic : cm.getData().getOrDefault("topics", "").trim().split("\\s+")) {
                partitions.put(topic, n);
            }
        });
        for (QuarkusService s : services) {
            for (String topic : s.topics()) {
                if (!partitions.containsKey(topic)) {
                    problems.add(s.name() + " uses topic " + topic + ", which is not created (auto-creation is off)");
                }
            }
        }
        for (String topic : declaredTopics) {
            if (!partitions.containsKey(topic)) {
                problems.add("topic " + topic + " (common Topics) is not created");
            }
        }
        Set<String> clusters = new java.util.HashSet<>();
        m.all(StrimziKafka.class).forEach(k -> clusters.add(k.metadata().getName()));
        int brokers = m.all(KafkaNodePool.class).stream().filter(KafkaNodePool::brokers)
                .mapToInt(p -> p.spec().replicas()).sum();
        for (KafkaTopic t : m.kafkaTopics()) {
            strimziCluster("KafkaTopic " + t.topic(), t.metadata(), clusters, problems);
            if (t.spec().replicas() != null && t.spec().replicas() > brokers) {
                problems.add("KafkaTopic " + t.topic() + " wants " + t.spec().replicas() + " replicas on " + brokers + " brokers");
            }
        }
        m.all(KafkaNodePool.class).forEach(p -> strimziCluster("KafkaNodePool " + p.metadata().getName(), p.metadata(), clusters, problems));
        return partitions;
    }

    public List<String> topics() {
        List<String> problems = new ArrayList<>();
        partitions(problems);
        return problems;
    }

    private static void strimziCluster(String what, io.fabric8.kubernetes.api.model.ObjectMeta meta, Set<String> clusters,
            List<String> problems) {
        String cluster = meta.getLabels() == null ? null : meta.getLabels().get("strimzi.io/cluster");
        if (!clusters.contains(cluster)) {
            problems.add(what + ": label strimzi.io/cluster=" + cluster + " names no Kafka here");
        }
    }

    /**
     * Each service scales as {@code expected} says: KEDA on the lag of the group it really consumes with (and
     * never past the topic's partitions), an HPA on CPU, or fixed replicas.
     */
    public List<String> autoscaling(Map<String, Scaling> expected) {
        List<String> problems = new ArrayList<>();
        Map<String, Integer> partitions = partitions(new ArrayList<>());
        for (HorizontalPodAutoscaler hpa : m.hpas()) {
            var ref = hpa.getSpec().getScaleTargetRef();
            if (!"Deployment".equals(ref.getKind()) || m.deployment(ref.getName()).isEmpty()) {
                problems.add("HPA " + Manifests.name(hpa) + " scales " + ref.getKind() + " " + ref.getName() + ", which does not exist");
            }
        }
        for (ScaledObject so : m.scaledObjects()) {
            var ref = so.spec().scaleTargetRef();
            if (!"Deployment".equals(ref.kindOrDefault()) || m.deployment(ref.name()).isEmpty()) {
                problems.add("ScaledObject " + so.metadata().getName() + " scales " + ref.name() + ", which does not exist");
            }
        }
        for (QuarkusService s : services) {
            Scaling want = expected.getOrDefault(s.name(), Scaling.fixed());
            List<HorizontalPodAutoscaler> hpas = m.hpas().stream()
                    .filter(h -> h.getSpec().getScaleTargetRef().getName().equals(s.name())).toList();
            List<ScaledObject> scaled = m.scaledObjects().stream()
                    .filter(o -> o.spec().scaleTargetRef().name().equals(s.name())).toList();
            Optional<Deployment> d = m.deployment(s.name());
            if (d.isEmpty()) {
                continue;
            }
            boolean autoscaled = !hpas.isEmpty() || !scaled.isEmpty();
            if (hpas.size() + scaled.size() > 1) {
                problems.add(s.name() + " has " + (hpas.size() + scaled.size()) + " autoscalers; they would fight");
            }
            if (autoscaled && d.get().getSpec().getReplicas() != null) {
                problems.add("Deployment " + s.name() + " sets replicas, which every kubectl apply resets under its autoscaler");
            }
            switch (want.kind()) {
                case FIXED -> {
                    if (autoscaled) {
                        problems.add(s.name() + " should have fixed replicas, not an autoscaler");
                    }
                }
                case CPU -> {
                    if (hpas.size() != 1 || !scaled.isEmpty()) {
                        problems.add(s.name() + " should scale on CPU with one HPA");
                    } else {
                        cpuHpa(s, hpas.get(0), problems);
                    }
                }
                case LAG -> {
                    if (scaled.size() != 1 || !hpas.isEmpty()) {
                        problems.add(s.name() + " should scale on consumer lag with one KEDA ScaledObject");
                    } else {
                        lagScaler(s, d.get(), scaled.get(0), want.topic(), partitions, problems);
                    }
                }
            }
        }
        return problems;
    }

    private static void cpuHpa(QuarkusService s, HorizontalPodAutoscaler hpa, List<String> problems) {
        var spec = hpa.getSpec();
        int min = spec.getMinReplicas() == null ? 1 : spec.getMinReplicas();
        if (min < 1 || spec.getMaxReplicas() < min) {
            problems.add("HPA " + s.name() + ": replicas " + min + ".." + spec.getMaxReplicas());
        }
        boolean cpu = spec.getMetrics().stream().anyMatch(x -> "Resource".equals(x.getType())
                && x.getResource() != null && "cpu".equals(x.getResource().getName()));
        if (!cpu) {
            problems.add("HPA " + s.name() + " does not scale on cpu");
        }
    }

    private void lagScaler(QuarkusService s, Deployment d, ScaledObject so, String topic, Map<String, Integer> partitions,
            List<String> problems) {
        String where = "ScaledObject " + so.metadata().getName() + ": ";
        Optional<KafkaChannel> channel = s.kafkaChannels().stream().filter(c -> c.incoming() && c.topic().equals(topic)).findFirst();
        if (channel.isEmpty()) {
            problems.add(where + s.name() + " does not consume " + topic);
            return;
        }
        if (channel.get().groupPerInstance()) {
            problems.add(where + s.name() + "'s group on " + topic + " is per instance; its lag is not the backlog");
        }
        if (so.spec().minReplicas() > so.spec().maxReplicas()) {
            problems.add(where + "minReplicaCount above maxReplicaCount");
        }
        Integer topicPartitions = partitions.get(topic);
        if (topicPartitions != null && so.spec().maxReplicas() > topicPartitions) {
            problems.add(where + "maxReplicaCount " + so.spec().maxReplicas() + " is more than the " + topicPartitions
                    + " partitions of " + topic + ": the extra consumers would sit idle");
        }
        List<ScaledObject.Trigger> kafka = so.spec().triggers().stream().filter(t -> t.type().equals("kafka")).toList();
        if (kafka.size() != 1) {
            problems.add(where + "expected one kafka trigger");
            return;
        }
        Map<String, String> meta = kafka.get(0).metadata();
        if (!channel.get().groupId().equals(meta.get("consumerGroup"))) {
            problems.add(where + "consumerGroup " + meta.get("consumerGroup") + ", but " + s.name() + " consumes "
                    + topic + " in group " + channel.get().groupId());
        }
        if (!topic.equals(meta.get("topic"))) {
            problems.add(where + "topic " + meta.get("topic") + ", but the lag that matters is on " + topic);
        }
        if (!channel.get().autoOffsetReset().equals(meta.getOrDefault("offsetResetPolicy", "latest"))) {
            problems.add(where + "offsetResetPolicy " + meta.get("offsetResetPolicy") + ", but the consumer starts at "
                    + channel.get().autoOffsetReset());
        }
        if (!meta.getOrDefault("lagThreshold", "").matches("[1-9]\\d*")) {
            problems.add(where + "lagThreshold " + meta.get("lagThreshold") + " is not a positive integer");
        }
        // KEDA's operator resolves the address in its own namespace: it must name this namespace.
        String servers = meta.get("bootstrapServers");
        Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
        String serviceServers = s.value("kafka.bootstrap.servers", m.environment(c));
        for (String server : servers.split(",")) {
            String host = server.substring(0, server.lastIndexOf(':'));
            int port = Integer.parseInt(server.substring(server.lastIndexOf(':') + 1));
            if (!host.contains("." + m.namespace() + ".svc")) {
                problems.add(where + "bootstrapServers " + server + " does not resolve from KEDA's namespace; use "
                        + host + "." + m.namespace() + ".svc");
            }
            Optional<Workload> broker = m.endpoint(host, port);
            Optional<Workload> serviceBroker = serviceServers == null ? Optional.empty()
                    : m.endpoint(serviceServers.split(",")[0].replaceAll(":\\d+$", ""),
                            Integer.parseInt(serviceServers.split(",")[0].replaceAll("^.*:", "")));
            if (broker.isEmpty() || !broker.equals(serviceBroker)) {
                problems.add(where + "bootstrapServers " + server + " is not the Kafka " + s.name() + " uses (" + serviceServers + ")");
            }
        }
    }

    /**
     * Who may connect: the ingress controller to the public services only, the services to Kafka, MongoDB, the JWKS
     * and the services their environment names by URL (chat-service to transcribe-service), KEDA to Kafka, Prometheus
     * to the metrics; nobody else to anything.
     */
    public List<String> networkPolicies() {
        List<String> problems = new ArrayList<>();
        NetworkPolicies policies = new NetworkPolicies(m);
        if (!policies.hasDefaultDeny()) {
            problems.add("no default-deny NetworkPolicy: every pod takes connections from anywhere");
        }
        String ns = m.namespace();
        Set<String> publicServices = new java.util.HashSet<>();
        m.ingresses().forEach(i -> i.getSpec().getRules().forEach(r -> r.getHttp().getPaths()
                .forEach(p -> publicServices.add(backendWorkload(p.getBackend())))));
        Optional<Workload> kafka = kafkaBroker();
        Optional<Workload> mongo = m.workloads().stream().filter(w -> runs(w, "mongo")).findFirst();
        NetworkPolicies.Pod stranger = NetworkPolicies.Pod.in(ns, Map.of("app", "debug"));
        NetworkPolicies.Pod otherNamespace = NetworkPolicies.Pod.in("default", Map.of());
        for (QuarkusService s : services) {
            Optional<Workload> w = m.workload(s.name());
            if (w.isEmpty()) {
                continue;
            }
            NetworkPolicies.Pod pod = NetworkPolicies.Pod.in(ns, w.get().podLabels());
            int port = s.httpPort(Map.of());
            expect(policies, INGRESS_CONTROLLER, "the ingress controller", w.get(), port, publicServices.contains(s.name()), problems);
            expect(policies, PROMETHEUS, "Prometheus", w.get(), port, true, problems);
            expect(policies, stranger, "an unlabelled pod in " + ns, w.get(), port, false, problems);
            expect(policies, otherNamespace, "a pod in namespace default", w.get(), port, false, problems);
            kafka.ifPresent(k -> expect(policies, pod, s.name(), k, 9092, s.usesKafka(), problems));
            mongo.ifPresent(x -> expect(policies, pod, s.name(), x, 27017, s.usesMongo(), problems));
            for (QuarkusService other : services) {
                Optional<Workload> o = m.workload(other.name());
                boolean jwks = other.uses("quarkus-smallrye-jwt-build") && s.verifiesTokens();
                if (o.isPresent() && other != s) {
                    expect(policies, pod, s.name(), o.get(), other.httpPort(Map.of()),
                            jwks || calls(s, other), problems);
                }
            }
        }
        for (Optional<Workload> infra : List.of(kafka, mongo)) {
            infra.ifPresent(x -> {
                int port = x.ports().get(0);
                expect(policies, INGRESS_CONTROLLER, "the ingress controller", x, port, false, problems);
                expect(policies, stranger, "an unlabelled pod in " + ns, x, port, false, problems);
                expect(policies, otherNamespace, "a pod in namespace default", x, port, false, problems);
            });
        }
        kafka.ifPresent(k -> expect(policies, KEDA_OPERATOR, "KEDA's operator", k, 9092, true, problems));
        m.workload("persona-topics").ifPresent(job -> kafka.ifPresent(k ->
                expect(policies, NetworkPolicies.Pod.in(ns, job.podLabels()), "the topics job", k, 9092, true, problems)));
        if (kafka.isEmpty() || mongo.isEmpty()) {
            problems.add("no Kafka or MongoDB pods found to check the policies of");
        }
        return problems;
    }

    /** Whether {@code s}'s environment names {@code other}'s HTTP address (http://other:port...). */
    private boolean calls(QuarkusService s, QuarkusService other) {
        String address = "http://" + other.name() + ":" + other.httpPort(Map.of());
        return m.deployment(s.name()).map(d -> m.environment(d.getSpec().getTemplate().getSpec().getContainers().get(0))
                .values().stream().anyMatch(v -> v != null && (v.equals(address) || v.startsWith(address + "/"))))
                .orElse(false);
    }

    private Optional<Workload> kafkaBroker() {
        return m.workloads().stream().filter(w -> runs(w, "kafka") && !w.kind().equals("Job")).findFirst();
    }

    private static void expect(NetworkPolicies policies, NetworkPolicies.Pod from, String fromName, Workload to, int port,
            boolean allowed, List<String> problems) {
        if (policies.allows(from, to, port) != allowed) {
            problems.add(fromName + (allowed ? " cannot connect to " : " can connect to ") + to + " port " + port);
        }
    }

    /**
     * No key or password in the manifests (prod holds no Secret at all); every Secret they read is created by a
     * command the operator is given.
     */
    public List<String> secrets(boolean secretsAllowed) {
        List<String> problems = new ArrayList<>();
        Pattern credentials = Pattern.compile("PRIVATE KEY|://[^/@\\s]+:[^/@\\s]+@");
        for (Secret secret : m.all(Secret.class)) {
            if (!secretsAllowed) {
                problems.add("Secret " + Manifests.name(secret) + " is in the manifests; create it with kubectl instead");
            }
            Map<String, String> values = new LinkedHashMap<>();
            if (secret.getStringData() != null) {
                values.putAll(secret.getStringData());
            }
            if (secret.getData() != null) {
                secret.getData().keySet().forEach(k -> values.put(k, Manifests.secretValue(secret, k)));
            }
            values.forEach((k, v) -> {
                if (credentials.matcher(v).find()) {
                    problems.add("Secret " + Manifests.name(secret) + " key " + k + " holds a credential; never commit one");
                }
            });
        }
        for (Workload w : m.workloads()) {
            for (Container c : w.allContainers()) {
                for (EnvVar e : c.getEnv()) {
                    if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
                        secretKey(w + " " + e.getName(), e.getValueFrom().getSecretKeyRef(), problems);
                    }
                }
            }
            if (w.podSpec() != null) {
                for (Volume v : w.podSpec().getVolumes()) {
                    if (v.getSecret() != null && m.secret(v.getSecret().getSecretName()).isEmpty()
                            && !documented.creates(v.getSecret().getSecretName())) {
                        problems.add(w + " mounts Secret " + v.getSecret().getSecretName() + ", which no documented command creates");
                    }
                }
            }
        }
        for (Ingress ingress : m.ingresses()) {
            ingress.getSpec().getTls().forEach(tls -> {
                if (!documented.creates(tls.getSecretName(), "tls.crt")) {
                    problems.add("Ingress TLS Secret " + tls.getSecretName() + " is created by no documented command");
                }
            });
        }
        for (String name : documented.names()) {
            String ns = documented.namespaceOf(name);
            if (ns != null && !ns.equals(m.namespace())) {
                problems.add("the documented command creates Secret " + name + " in namespace " + ns + ", not " + m.namespace());
            }
        }
        return problems;
    }

    private static io.fabric8.kubernetes.api.model.ObjectMeta metadataOf(Object record) {
        try {
            return (io.fabric8.kubernetes.api.model.ObjectMeta) record.getClass().getMethod("metadata").invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Longest ingress paths first, for messages in a stable order. */
    static Comparator<HTTPIngressPath> longestFirst() {
        return Comparator.comparingInt((HTTPIngressPath p) -> p.getPath().length()).reversed();
    }
}
