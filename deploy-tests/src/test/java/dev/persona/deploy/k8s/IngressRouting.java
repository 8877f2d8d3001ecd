package dev.persona.deploy.k8s;

import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which backend ingress-nginx picks for a request path. With {@code use-regex: "true"} every path is a
 * case-insensitive regex matched from the start of the URI, tried longest path first, the first match wins.
 * Without it, Exact paths must equal the URI, Prefix paths match whole segments, the longest match wins.
 */
final class IngressRouting {
    private IngressRouting() {
    }

    static Optional<IngressBackend> route(Ingress ingress, String requestPath) {
        boolean regex = "true".equals(ingress.getMetadata().getAnnotations() == null ? null
                : ingress.getMetadata().getAnnotations().get("nginx.ingress.kubernetes.io/use-regex"));
        List<HTTPIngressPath> paths = new ArrayList<>();
        for (IngressRule rule : ingress.getSpec().getRules()) {
            paths.addAll(rule.getHttp().getPaths());
        }
        paths.sort(ClusterChecks.longestFirst());
        for (HTTPIngressPath p : paths) {
            boolean match = regex
                    ? Pattern.compile("^" + p.getPath(), Pattern.CASE_INSENSITIVE).matcher(requestPath).lookingAt()
                    : switch (p.getPathType()) {
                        case "Exact" -> requestPath.equals(p.getPath());
                        case "Prefix" -> requestPath.equals(p.getPath()) || p.getPath().equals("/")
                                || requestPath.startsWith(p.getPath().replaceAll("/$", "") + "/");
                        default -> throw new IllegalArgumentException("pathType " + p.getPathType() + " without use-regex");
                    };
            if (match) {
                return Optional.of(p.getBackend());
            }
        }
        return Optional.empty();
    }
}
