package dev.persona.deploy.k8s;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.Map;

/** Strimzi's kafka.strimzi.io/v1beta2 KafkaTopic. */
public record KafkaTopic(String apiVersion, String kind, ObjectMeta metadata, Spec spec) {
    public KafkaTopic {
        Required.present(metadata, "metadata");
        Required.present(spec, "spec");
    }

    public record Spec(Integer partitions, Integer replicas, String topicName, Map<String, Object> config) {
        public Spec {
            Required.atLeast(Required.present(partitions, "spec.partitions"), "spec.partitions", 1);
            Required.atLeast(replicas, "spec.replicas", 1);
        }
    }

    /** The Kafka topic: spec.topicName, else the resource name. */
    public String topic() {
        return spec.topicName() != null ? spec.topicName() : metadata.getName();
    }
}
