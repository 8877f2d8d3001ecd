package dev.persona.deploy;

import dev.persona.deploy.k8s.ClusterChecks;
import dev.persona.deploy.k8s.DocumentedSecrets;
import dev.persona.deploy.k8s.Manifests;
import dev.persona.deploy.k8s.Scaling;
import dev.persona.deploy.kustomize.Kustomize;
import dev.persona.deploy.service.Services;
import dev.persona.deploy.yaml.YamlDocs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The deployments under test and how each is checked; shared by the tests and the typo tests. */
final class Deploy {
    /** Every kustomization an operator may apply, relative to deploy/k8s. */
    static final List<String> OVERLAYS = List.of(".", "overlays/gpu", "overlays/prod");

    /** transcribe and embed share work in one consumer group each: their lag is the backlog. */
    static final Map<String, Scaling> SCALING = Map.of(
            "auth-service", Scaling.fixed(),
            "ingest-service", Scaling.onCpu(),
            "transcribe-service", Scaling.onLag("audio-uploaded"),
            "embed-service", Scaling.onLag("transcript-ready"),
            "chat-service", Scaling.onCpu());

    /**
     * Service paths never routed from outside: ingest-service's /admin replay API for operators (reached with kubectl
     * port-forward or docker compose exec), and transcribe-service's /transcriptions, which chat-service's voice chat
     * calls inside the cluster. Every other service path must be routed to its service.
     */
    static final List<String> INTERNAL_PATHS = List.of("/admin", "/transcriptions");

    private Deploy() {
    }

    static Manifests render(Path k8s, String overlay) {
        return Manifests.of(overlay, Kustomize.render(k8s.resolve(overlay).normalize()));
    }

    static Manifests render(String overlay) {
        return render(Services.repo().resolve("deploy/k8s"), overlay);
    }

    /** The Secrets README.md tells the operator to create. */
    static DocumentedSecrets documentedSecrets(Path readme) {
        return DocumentedSecrets.in(YamlDocs.read(readme));
    }

    static ClusterChecks checks(Manifests m, Path readme) {
        return new ClusterChecks(m, Services.all(), documentedSecrets(readme), Services.declaredTopics());
    }

    static ClusterChecks checks(Manifests m) {
        return checks(m, Services.repo().resolve("README.md"));
    }

    static boolean isProd(String overlay) {
        return overlay.endsWith("prod");
    }

    /** Every check of an overlay at once. */
    static List<String> allProblems(Manifests m, ClusterChecks c) {
        List<String> all = new ArrayList<>(m.schemaProblems());
        if (!all.isEmpty()) {
            return all;
        }
        all.addAll(c.namespaces());
        all.addAll(c.resources());
        all.addAll(c.services());
        all.addAll(c.serviceObjects());
        all.addAll(c.ingress(INTERNAL_PATHS));
        all.addAll(c.topics());
        all.addAll(c.autoscaling(SCALING));
        all.addAll(c.networkPolicies());
        all.addAll(c.secrets(!isProd(m.overlay())));
        return all;
    }
}
