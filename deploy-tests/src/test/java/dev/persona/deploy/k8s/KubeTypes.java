package dev.persona.deploy.k8s;

import dev.persona.deploy.kustomize.Kustomize;
import dev.persona.deploy.yaml.StrictMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * apiVersion and kind to the type a manifest is read as: fabric8's Kubernetes model for the built-in kinds, the
 * records of this package for KEDA's and Strimzi's custom resources. A kind not listed here is an error, which
 * also catches a wrong apiVersion (apps/v2, networking.k8s.io/v1beta1).
 */
public final class KubeTypes {
    private static final Map<String, Class<?>> TYPES = Map.ofEntries(
            Map.entry("v1/Namespace", Namespace.class),
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("apps/v1/StatefulSet", StatefulSet.class),
            Map.entry("batch/v1/Job", Job.class),
            Map.entry("networking.k8s.io/v1/Ingress", Ingress.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("keda.sh/v1alpha1/ScaledObject", ScaledObject.class),
            Map.entry("kafka.strimzi.io/v1beta2/Kafka", StrimziKafka.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaNodePool", KafkaNodePool.class),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaTopic", KafkaTopic.class));

    private KubeTypes() {
    }

    /** The manifest as its API type; an unknown kind, field or a mistyped value is an IllegalArgumentException. */
    public static Object read(JsonNode manifest) {
        String key = manifest.path("apiVersion").asString() + "/" + manifest.path("kind").asString();
        Class<?> type = TYPES.get(key);
        String id = Kustomize.id(manifest);
        if (type == null) {
            throw new IllegalArgumentException(id + ": no API type " + key + " known here");
        }
        Object typed;
        try {
            typed = StrictMapper.bind(manifest, type);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(id + ": " + e.getMessage().lines().findFirst().orElse(""), e);
        }
        List<String> unknown = Strictness.unknownFields(typed);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(id + ": fields the API does not have: " + unknown);
        }
        return typed;
    }
}
