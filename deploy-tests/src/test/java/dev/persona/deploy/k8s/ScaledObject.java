package dev.persona.deploy.k8s;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBehavior;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** KEDA's keda.sh/v1alpha1 ScaledObject, the fields used here (KEDA's CRD has no catch-all either). */
public record ScaledObject(String apiVersion, String kind, ObjectMeta metadata, Spec spec) {
    public ScaledObject {
        Required.present(metadata, "metadata");
        Required.present(spec, "spec");
    }

    public record Spec(ScaleTargetRef scaleTargetRef, Integer pollingInterval, Integer cooldownPeriod,
            Integer minReplicaCount, Integer maxReplicaCount, Advanced advanced, List<Trigger> triggers) {
        public Spec {
            Required.present(scaleTargetRef, "spec.scaleTargetRef");
            Required.present(triggers, "spec.triggers");
            Required.atLeast(minReplicaCount, "spec.minReplicaCount", 0);
            Required.atLeast(maxReplicaCount, "spec.maxReplicaCount", 1);
            Required.atLeast(pollingInterval, "spec.pollingInterval", 1);
        }

        /** KEDA's defaults: 0 and 100. */
        public int minReplicas() {
            return minReplicaCount == null ? 0 : minReplicaCount;
        }

        public int maxReplicas() {
            return maxReplicaCount == null ? 100 : maxReplicaCount;
        }
    }

    public record ScaleTargetRef(String apiVersion, String kind, String name, String envSourceContainerName) {
        public ScaleTargetRef {
            Required.present(name, "spec.scaleTargetRef.name");
        }

        public String kindOrDefault() {
            return kind == null ? "Deployment" : kind;
        }
    }

    public record Advanced(HorizontalPodAutoscalerConfig horizontalPodAutoscalerConfig,
            Boolean restoreToOriginalReplicaCount) {
    }

    public record HorizontalPodAutoscalerConfig(String name, HorizontalPodAutoscalerBehavior behavior) {
    }

    public record Trigger(String type, String name, Map<String, String> metadata, AuthenticationRef authenticationRef) {
        /** The kafka scaler's parameters (keda.sh/docs, Apache Kafka scaler). */
        static final Set<String> KAFKA_PARAMETERS = Set.of("bootstrapServers", "consumerGroup", "topic",
                "lagThreshold", "activationLagThreshold", "offsetResetPolicy", "allowIdleConsumers",
                "scaleToZeroOnInvalidOffset", "excludePersistentLag", "limitToPartitionsWithLag", "version",
                "partitionLimitation", "sasl", "tls", "unsafeSsl");

        public Trigger {
            Required.present(type, "trigger.type");
            Required.present(metadata, "trigger.metadata");
            if (type.equals("kafka")) {
                for (String key : metadata.keySet()) {
                    if (!KAFKA_PARAMETERS.contains(key)) {
                        throw new IllegalArgumentException("kafka trigger has no parameter " + key);
                    }
                }
                Required.present(metadata.get("bootstrapServers"), "kafka trigger bootstrapServers");
                Required.present(metadata.get("consumerGroup"), "kafka trigger consumerGroup");
                if (metadata.containsKey("offsetResetPolicy")) {
                    Required.oneOf(metadata.get("offsetResetPolicy"), "offsetResetPolicy", Set.of("earliest", "latest"));
                }
            }
        }
    }

    public record AuthenticationRef(String name, String kind) {
    }
}
