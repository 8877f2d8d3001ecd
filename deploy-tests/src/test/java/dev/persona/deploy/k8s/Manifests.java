package dev.persona.deploy.k8s;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import tools.jackson.databind.node.ObjectNode;

/**
 * One rendered overlay as API objects, with what Strimzi generates from its Kafka resource added (the bootstrap
 * Service, the broker pods and the NetworkPolicy of each listener), so that addresses and policies can be checked
 * the same way with and without the operator.
 */
public final class Manifests {
    /** Where an env var's value comes from when it is a Secret the operator creates, not one in the manifests. */
    public static final String EXTERNAL_SECRET = "<secret %s/%s>";

    private final String overlay;
    private final List<Object> objects = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    private Manifests(String overlay) {
        this.overlay = overlay;
    }

    /** Reads every manifest strictly; those that do not read are {@link #schemaProblems()}. */
    public static Manifests of(String overlay, List<ObjectNode> rendered) {
        Manifests m = new Manifests(overlay);
        for (ObjectNode doc : rendered) {
            try {
                m.objects.add(KubeTypes.read(doc));
            } catch (IllegalArgumentException e) {
                m.problems.add(e.getMessage());
            }
        }
        return m;
    }

    public String overlay() {
        return overlay;
    }

    public List<String> schemaProblems() {
        return problems;
    }

    public List<Object> objects() {
        return objects;
    }

    public <T> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    public <T extends HasMetadata> Optional<T> named(Class<T> type, String name) {
        return all(type).stream().filter(o -> name.equals(o.getMetadata().getName())).findFirst();
    }

    public List<Deployment> deployments() {
        return all(Deployment.class);
    }

    public Optional<Deployment> deployment(String name) {
        return named(Deployment.class, name);
    }

    public List<Ingress> ingresses() {
        return all(Ingress.class);
    }

    public List<HorizontalPodAutoscaler> hpas() {
        return all(HorizontalPodAutoscaler.class);
    }

    public List<ScaledObject> scaledObjects() {
        return all(ScaledObject.class);
    }

    public List<KafkaTopic> kafkaTopics() {
        return all(KafkaTopic.class);
    }

    public Optional<Namespace> namespaceObject() {
        return all(Namespace.class).stream().findFirst();
    }

    /** The one namespace every namespaced object is in, from the Namespace object. */
    public String namespace() {
        return namespaceObject().map(n -> n.getMetadata().getName()).orElse("default");
    }

    public Optional<ConfigMap> configMap(String name) {
        return named(ConfigMap.class, name);
    }

    public Optional<Secret> secret(String name) {
        return named(Secret.class, name);
    }

    /** Pods of every workload in the manifests, and Strimzi's broker pods. */
    public List<Workload> workloads() {
        List<Workload> all = new ArrayList<>();
        for (Deployment d : deployments()) {
            all.add(Workload.of("Deployment", name(d), d.getSpec().getTemplate().getMetadata().getLabels(),
                    d.getSpec().getTemplate().getSpec()));
        }
        for (StatefulSet s : all(StatefulSet.class)) {
            all.add(Workload.of("StatefulSet", name(s), s.getSpec().getTemplate().getMetadata().getLabels(),
                    s.getSpec().getTemplate().getSpec()));
        }
        for (Job j : all(Job.class)) {
            Map<String, String> labels = j.getSpec().getTemplate().getMetadata() == null ? Map.of()
                    : j.getSpec().getTemplate().getMetadata().getLabels();
            all.add(Workload.of("Job", name(j), labels, j.getSpec().getTemplate().getSpec()));
        }
        for (StrimziKafka kafka : all(StrimziKafka.class)) {
            List<Integer> ports = kafka.spec().kafka().listeners().stream().map(StrimziKafka.Listener::port).toList();
            for (KafkaNodePool pool : all(KafkaNodePool.class)) {
                if (kafka.metadata().getName().equals(pool.metadata().getLabels().get("strimzi.io/cluster")) && pool.brokers()) {
                    all.add(new Workload("KafkaNodePool", pool.metadata().getName(),
                            strimziBrokerLabels(kafka, pool), null, ports));
                }
            }
        }
        return all;
    }

    public Optional<Workload> workload(String name) {
        return workloads().stream().filter(w -> w.name().equals(name) && !w.kind().equals("KafkaNodePool")).findFirst();
    }

    /** The Services in the manifests and the bootstrap Service Strimzi makes for each Kafka. */
    public List<Service> services() {
        List<Service> all = new ArrayList<>(all(Service.class));
        for (StrimziKafka kafka : all(StrimziKafka.class)) {
            List<ServicePort> ports = kafka.spec().kafka().listeners().stream()
                    .map(l -> new ServicePortBuilder().withName(l.name()).withPort(l.port())
                            .withTargetPort(new IntOrString(l.port())).build())
                    .toList();
            all.add(new ServiceBuilder().withNewMetadata()
                    .withName(kafka.metadata().getName() + "-kafka-bootstrap").endMetadata()
                    .withNewSpec().withSelector(Map.of("strimzi.io/cluster", kafka.metadata().getName(),
                            "strimzi.io/kind", "Kafka", "strimzi.io/broker-role", "true"))
                    .withPorts(ports).endSpec().build());
        }
        return all;
    }

    public Optional<Service> service(String name) {
        return services().stream().filter(s -> name.equals(name(s))).findFirst();
    }

    /** Workloads whose pods a Service selects. */
    public List<Workload> selectedBy(Service service) {
        Map<String, String> selector = service.getSpec().getSelector();
        if (selector == null || selector.isEmpty()) {
            return List.of();
        }
        return workloads().stream().filter(w -> w.podLabels().entrySet().containsAll(selector.entrySet())).toList();
    }

    /**
     * The Service a host name means from inside the namespace: svc, svc.ns, svc.ns.svc or svc.ns.svc.cluster.local,
     * with ns this namespace.
     */
    public Optional<Service> serviceForHost(String host) {
        String[] parts = host.split("\\.");
        boolean sameNamespace = parts.length == 1 || parts[1].equals(namespace());
        boolean wellFormed = parts.length == 1 || parts.length == 2
                || parts.length >= 3 && parts[2].equals("svc") && (parts.length == 3 || host.endsWith(".svc.cluster.local"));
        return sameNamespace && wellFormed ? service(parts[0]) : Optional.empty();
    }

    /** The workload behind host:port (a Service in this namespace and its target port), or empty. */
    public Optional<Workload> endpoint(String host, int port) {
        Optional<Service> service = serviceForHost(host);
        if (service.isEmpty()) {
            return Optional.empty();
        }
        Optional<ServicePort> servicePort = service.get().getSpec().getPorts().stream()
                .filter(p -> p.getPort() == port).findFirst();
        if (servicePort.isEmpty()) {
            return Optional.empty();
        }
        IntOrString target = servicePort.get().getTargetPort() != null ? servicePort.get().getTargetPort()
                : new IntOrString(port);
        String targetText = target.getStrVal() != null ? target.getStrVal() : String.valueOf(target.getIntVal());
        return selectedBy(service.get()).stream().filter(w -> w.port(targetText) > 0).findFirst();
    }

    /** The port a Service port forwards to on the pods of a workload, or -1. */
    public int targetPort(Service service, int port, Workload workload) {
        return service.getSpec().getPorts().stream().filter(p -> p.getPort() == port).findFirst()
                .map(p -> p.getTargetPort() == null ? workload.port(String.valueOf(port))
                        : workload.port(p.getTargetPort().getStrVal() != null ? p.getTargetPort().getStrVal()
                                : String.valueOf(p.getTargetPort().getIntVal())))
                .orElse(-1);
    }

    /**
     * The container's environment as the pod would see it. A value from a ConfigMap or Secret in the manifests is
     * looked up; a Secret the operator creates reads as {@link #EXTERNAL_SECRET}; a missing ConfigMap key is null.
     */
    public Map<String, String> environment(Container container) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvVar e : container.getEnv()) {
            env.put(e.getName(), value(e));
        }
        return env;
    }

    private String value(EnvVar e) {
        EnvVarSource from = e.getValueFrom();
        if (from == null) {
            return e.getValue() == null ? "" : e.getValue();
        }
        if (from.getConfigMapKeyRef() != null) {
            return configMap(from.getConfigMapKeyRef().getName()).map(c -> c.getData().get(from.getConfigMapKeyRef().getKey()))
                    .orElse(null);
        }
        if (from.getSecretKeyRef() != null) {
            String name = from.getSecretKeyRef().getName();
            String key = from.getSecretKeyRef().getKey();
            return secret(name).map(s -> secretValue(s, key)).orElse(String.format(EXTERNAL_SECRET, name, key));
        }
        return "<" + e.getName() + " from the pod>";
    }

    /** A key of a Secret in the manifests, from stringData or (base64) data; null if absent. */
    public static String secretValue(Secret secret, String key) {
        if (secret.getStringData() != null && secret.getStringData().containsKey(key)) {
            return secret.getStringData().get(key);
        }
        if (secret.getData() != null && secret.getData().containsKey(key)) {
            return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
        }
        return null;
    }

    /** NetworkPolicies, and those Strimzi generates for each listener from its networkPolicyPeers. */
    public List<NetworkPolicy> networkPolicies() {
        List<NetworkPolicy> all = new ArrayList<>(all(NetworkPolicy.class));
        for (StrimziKafka kafka : all(StrimziKafka.class)) {
            for (StrimziKafka.Listener l : kafka.spec().kafka().listeners()) {
                List<NetworkPolicyPeer> peers = l.networkPolicyPeers() == null ? List.of() : l.networkPolicyPeers();
                // No peers: Strimzi lets everyone connect to the listener.
                all.add(new NetworkPolicyBuilder().withNewMetadata()
                        .withName(kafka.metadata().getName() + "-listener-" + l.name()).endMetadata()
                        .withNewSpec().withNewPodSelector()
                        .withMatchLabels(Map.of("strimzi.io/cluster", kafka.metadata().getName(), "strimzi.io/kind", "Kafka"))
                        .endPodSelector().withPolicyTypes("Ingress")
                        .addNewIngress().withFrom(peers).addNewPort().withProtocol("TCP")
                        .withPort(new IntOrString(l.port())).endPort().endIngress()
                        .endSpec().build());
            }
        }
        return all;
    }

    private static Map<String, String> strimziBrokerLabels(StrimziKafka kafka, KafkaNodePool pool) {
        return Map.of("strimzi.io/cluster", kafka.metadata().getName(), "strimzi.io/kind", "Kafka",
                "strimzi.io/pool-name", pool.metadata().getName(), "strimzi.io/broker-role", "true");
    }

    public static String name(HasMetadata o) {
        return o.getMetadata().getName();
    }

    /** Every object with its kind and name, for messages. */
    public Stream<String> ids() {
        return objects.stream().map(Object::toString);
    }

    @Override
    public String toString() {
        return overlay;
    }
}
