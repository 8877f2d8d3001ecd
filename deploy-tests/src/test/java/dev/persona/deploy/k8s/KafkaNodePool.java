package dev.persona.deploy.k8s;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.List;
import java.util.Set;

/** Strimzi's kafka.strimzi.io/v1beta2 KafkaNodePool, the fields used here. */
public record KafkaNodePool(String apiVersion, String kind, ObjectMeta metadata, Spec spec) {
    public KafkaNodePool {
        Required.present(metadata, "metadata");
        Required.present(spec, "spec");
    }

    public record Spec(Integer replicas, List<String> roles, Storage storage, ResourceRequirements resources) {
        public Spec {
            Required.atLeast(Required.present(replicas, "spec.replicas"), "spec.replicas", 1);
            Required.present(roles, "spec.roles").forEach(r -> Required.oneOf(r, "role", Set.of("controller", "broker")));
            Required.present(storage, "spec.storage");
        }
    }

    public record Storage(String type, List<Volume> volumes, String size, Boolean deleteClaim) {
        public Storage {
            Required.oneOf(type, "storage.type", Set.of("jbod", "persistent-claim", "ephemeral"));
            if (type.equals("jbod")) {
                Required.present(volumes, "storage.volumes");
            }
        }
    }

    public record Volume(Integer id, String type, String size, Boolean deleteClaim, String kraftMetadata,
            @com.fasterxml.jackson.annotation.JsonProperty("class") String storageClass) {
        public Volume {
            Required.present(id, "volume.id");
            Required.oneOf(type, "volume.type", Set.of("persistent-claim", "ephemeral"));
            if (type.equals("persistent-claim")) {
                Required.present(size, "volume.size");
            }
            if (kraftMetadata != null) {
                Required.oneOf(kraftMetadata, "volume.kraftMetadata", Set.of("shared"));
            }
        }
    }

    public boolean brokers() {
        return spec.roles().contains("broker");
    }
}
