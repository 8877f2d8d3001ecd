package dev.persona.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.persona.deploy.k8s.ClusterChecks;
import dev.persona.deploy.k8s.Manifests;
import dev.persona.deploy.service.Services;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Every kustomization under deploy/k8s, rendered offline, read strictly against the Kubernetes API types (custom
 * resources against records of their CRDs) and checked against what the services really read, serve and need.
 */
class KubernetesManifestsTest {
    private static final List<String> OVERLAYS = Deploy.OVERLAYS;
    private static final Map<String, Manifests> RENDERED = new ConcurrentHashMap<>();

    private static Manifests rendered(String overlay) {
        return RENDERED.computeIfAbsent(overlay, Deploy::render);
    }

    private static ClusterChecks checks(String overlay) {
        return Deploy.checks(rendered(overlay));
    }

    @Test
    void everyKustomizationIsCovered() throws IOException {
        Path k8s = Services.repo().resolve("deploy/k8s");
        try (Stream<Path> files = Files.walk(k8s)) {
            List<String> found = files.filter(f -> f.getFileName().toString().equals("kustomization.yaml"))
                    .map(f -> k8s.relativize(f.getParent()).toString()).map(p -> p.isEmpty() ? "." : p).sorted().toList();
            assertEquals(OVERLAYS.stream().sorted().toList(), found);
        }
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void everyManifestReadsStrictlyAsItsApiType(String overlay) {
        assertEquals(List.of(), rendered(overlay).schemaProblems());
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void everythingIsInTheNamespace(String overlay) {
        assertEquals(List.of(), checks(overlay).namespaces());
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void everyContainerHasRequestsAndLimits(String overlay) {
        assertEquals(List.of(), checks(overlay).resources());
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void servicesGetThePortsProbesAndConfigTheyRead(String overlay) {
        assertEquals(List.of(), checks(overlay).services());
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void servicesSelectPodsAndPorts(String overlay) {
        assertEquals(List.of(), checks(overlay).serviceObjects());
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void ingressRoutesEveryPathToItsServiceAndNoQEndpoint(String overlay) {
        assertEquals(List.of(), checks(overlay).ingress(Deploy.INTERNAL_PATHS));
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void everyTopicTheServicesUseIsCreated(String overlay) {
        assertEquals(List.of(), checks(overlay).topics());
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void stagesScaleOnLagAndTheRestOnCpu(String overlay) {
        assertEquals(List.of(), checks(overlay).autoscaling(Deploy.SCALING));
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void onlyTheIngressReachesTheServicesAndOnlyServicesReachKafkaAndMongo(String overlay) {
        assertEquals(List.of(), checks(overlay).networkPolicies());
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void secretsAreReferencedAndDocumentedNeverCommitted(String overlay) {
        assertEquals(List.of(), checks(overlay).secrets(!Deploy.isProd(overlay)));
    }
}
