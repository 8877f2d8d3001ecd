package dev.persona.deploy.k8s;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether a connection is allowed under Kubernetes NetworkPolicy semantics: a pod selected by no policy with the
 * Ingress type accepts everything; a selected pod accepts a connection that some rule of some selecting policy
 * allows (peers and ports; an empty list means all). Policies are additive, so one rule too wide opens the pod.
 */
public final class NetworkPolicies {
    private final List<NetworkPolicy> policies;
    private final String namespace;

    public NetworkPolicies(Manifests manifests) {
        this.policies = manifests.networkPolicies();
        this.namespace = manifests.namespace();
    }

    /** A connecting pod: its namespace and labels. */
    public record Pod(String namespace, Map<String, String> labels) {
        public static Pod in(String namespace, Map<String, String> labels) {
            return new Pod(namespace, labels);
        }

        Map<String, String> namespaceLabels() {
            Map<String, String> labels = new HashMap<>();
            labels.put("kubernetes.io/metadata.name", namespace);
            return labels;
        }
    }

    /** May {@code from} open a TCP connection to {@code port} of the pods of {@code target} (in this namespace)? */
    public boolean allows(Pod from, Workload target, int port) {
        List<NetworkPolicy> selecting = policies.stream()
                .filter(p -> isIngress(p) && matches(p.getSpec().getPodSelector(), target.podLabels())).toList();
        if (selecting.isEmpty()) {
            return true;
        }
        for (NetworkPolicy policy : selecting) {
            for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
                if (fromMatches(rule.getFrom(), from) && portMatches(rule.getPorts(), target, port)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether some policy selects every pod with no rule: the default deny. */
    public boolean hasDefaultDeny() {
        return policies.stream().anyMatch(p -> isIngress(p) && isEmpty(p.getSpec().getPodSelector())
                && p.getSpec().getIngress().isEmpty());
    }

    private static boolean isIngress(NetworkPolicy p) {
        List<String> types = p.getSpec().getPolicyTypes();
        return types == null || types.isEmpty() || types.contains("Ingress");
    }

    private boolean fromMatches(List<NetworkPolicyPeer> peers, Pod from) {
        if (peers == null || peers.isEmpty()) {
            return true;
        }
        for (NetworkPolicyPeer peer : peers) {
            if (peer.getIpBlock() != null) {
                continue;
            }
            boolean namespaceOk = peer.getNamespaceSelector() == null ? from.namespace().equals(namespace)
                    : matches(peer.getNamespaceSelector(), from.namespaceLabels());
            boolean podOk = peer.getPodSelector() == null || matches(peer.getPodSelector(), from.labels());
            if (namespaceOk && podOk) {
                return true;
            }
        }
        return false;
    }

    private static boolean portMatches(List<NetworkPolicyPort> ports, Workload target, int port) {
        if (ports == null || ports.isEmpty()) {
            return true;
        }
        for (NetworkPolicyPort p : ports) {
            if (p.getProtocol() != null && !p.getProtocol().equals("TCP")) {
                continue;
            }
            IntOrString value = p.getPort();
            if (value == null) {
                return true;
            }
            int first = value.getStrVal() != null ? target.port(value.getStrVal()) : value.getIntVal();
            int last = p.getEndPort() != null ? p.getEndPort() : first;
            if (port >= first && port <= last) {
                return true;
            }
        }
        return false;
    }

    static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return true;
        }
        if (selector.getMatchLabels() != null && !labels.entrySet().containsAll(selector.getMatchLabels().entrySet())) {
            return false;
        }
        for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
            String value = labels.get(r.getKey());
            boolean ok = switch (r.getOperator()) {
                case "In" -> value != null && r.getValues().contains(value);
                case "NotIn" -> value == null || !r.getValues().contains(value);
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> throw new IllegalArgumentException("selector operator " + r.getOperator());
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean isEmpty(LabelSelector selector) {
        return selector == null || (selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty())
                && selector.getMatchExpressions().isEmpty();
    }
}
