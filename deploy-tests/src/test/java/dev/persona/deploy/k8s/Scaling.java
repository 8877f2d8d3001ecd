package dev.persona.deploy.k8s;

/**
 * How a service is meant to scale. Lag: KEDA on its consumer group's lag on {@code topic} (the group shares the
 * work, so lag is the backlog). Cpu: an HPA on CPU. Fixed: replicas set in the Deployment, no autoscaler.
 */
public record Scaling(Kind kind, String topic) {
    public enum Kind { LAG, CPU, FIXED }

    public static Scaling onLag(String topic) {
        return new Scaling(Kind.LAG, topic);
    }

    public static Scaling onCpu() {
        return new Scaling(Kind.CPU, null);
    }

    public static Scaling fixed() {
        return new Scaling(Kind.FIXED, null);
    }
}
