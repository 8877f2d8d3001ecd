package dev.persona.deploy.k8s;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Pods of one kind: a Deployment's, StatefulSet's or Job's template, or the broker pods Strimzi makes for a node pool
 * (podSpec null, listener ports only).
 */
public record Workload(String kind, String name, Map<String, String> podLabels, PodSpec podSpec, List<Integer> ports) {

    static Workload of(String kind, String name, Map<String, String> labels, PodSpec spec) {
        List<Integer> ports = new ArrayList<>();
        for (Container c : spec.getContainers()) {
            for (ContainerPort p : c.getPorts()) {
                ports.add(p.getContainerPort());
            }
        }
        return new Workload(kind, name, labels == null ? Map.of() : labels, spec, ports);
    }

    /** Every container, init containers included. */
    public List<Container> allContainers() {
        if (podSpec == null) {
            return List.of();
        }
        List<Container> all = new ArrayList<>(podSpec.getInitContainers());
        all.addAll(podSpec.getContainers());
        return all;
    }

    /** A container port by number or name, or -1. */
    public int port(String nameOrNumber) {
        if (nameOrNumber.matches("\\d+")) {
            int n = Integer.parseInt(nameOrNumber);
            return ports.contains(n) ? n : -1;
        }
        for (Container c : allContainers()) {
            for (ContainerPort p : c.getPorts()) {
                if (nameOrNumber.equals(p.getName())) {
                    return p.getContainerPort();
                }
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        return kind + " " + name;
    }
}
