package dev.persona.deploy.k8s;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Strimzi's kafka.strimzi.io/v1beta2 Kafka in KRaft mode with node pools, the fields used here. */
public record StrimziKafka(String apiVersion, String kind, ObjectMeta metadata, Spec spec) {
    private static final Pattern LISTENER_NAME = Pattern.compile("[a-z0-9]{1,11}");

    public StrimziKafka {
        Required.present(metadata, "metadata");
        Required.present(spec, "spec");
    }

    public record Spec(Cluster kafka, EntityOperator entityOperator) {
        public Spec {
            Required.present(kafka, "spec.kafka");
        }
    }

    public record Cluster(String version, String metadataVersion, List<Listener> listeners, Map<String, Object> config,
            ResourceRequirements resources) {
        public Cluster {
            Required.present(listeners, "spec.kafka.listeners");
        }
    }

    public record Listener(String name, Integer port, String type, Boolean tls,
            List<NetworkPolicyPeer> networkPolicyPeers) {
        public Listener {
            if (!LISTENER_NAME.matcher(Required.present(name, "listener.name")).matches()) {
                throw new IllegalArgumentException("listener name must match " + LISTENER_NAME + ": " + name);
            }
            Required.present(port, "listener.port");
            // Strimzi keeps 9090, 9091 for itself and 9404, 9999 for metrics and JMX.
            if (port < 9092 || port == 9404 || port == 9999) {
                throw new IllegalArgumentException("listener port must be 9092 or above, not 9404 or 9999: " + port);
            }
            Required.oneOf(type, "listener.type", Set.of("internal", "cluster-ip", "route", "loadbalancer", "nodeport",
                    "ingress"));
            Required.present(tls, "listener.tls");
        }
    }

    public record EntityOperator(Operator topicOperator, Operator userOperator) {
    }

    public record Operator(ResourceRequirements resources, String watchedNamespace) {
    }
}
