package dev.persona.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.persona.deploy.k8s.Manifests;
import dev.persona.deploy.service.Services;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The checks catch the mistakes they are there for: each case copies deploy/k8s, makes one small edit of the kind
 * a typo or a half-done change makes, and expects the checks of that overlay to name it. The edited text must occur
 * exactly once, so these cases fail loudly when the manifests change under them.
 */
class TypoDetectionTest {
    @TempDir
    Path temp;

    static Stream<Arguments> typos() {
        return Stream.of(
                typo("env var name", "embed-service.yaml", "QUARKUS_MONGODB_CONNECTION_STRING", "QUARKUS_MONGODB_CONECTION_STRING",
                        ".", "sets QUARKUS_MONGODB_CONECTION_STRING, which embed-service does not read"),
                // embed-service then falls back to its own default, mongodb://localhost:27017, where no MongoDB runs.
                typo("required config missing", "embed-service.yaml", "QUARKUS_MONGODB_CONNECTION_STRING", "QUARKUS_MONGODB_CONECTION_STRING",
                        ".", "embed-service: MongoDB localhost:27017: no Service localhost"),
                typo("required config missing, no default", "ingest-service.yaml", "QUARKUS_MONGODB_CONNECTION_STRING", "MONGODB_URI",
                        ".", "ingest-service: no MongoDB connection string"),
                typo("unknown field", "auth-service.yaml", "containerPort: 8081", "containerport: 8081",
                        ".", "fields the API does not have: [.spec.template.spec.containers[0].ports[0].containerport]"),
                typo("string for an integer", "auth-service.yaml", "replicas: 2", "replicas: \"2\"",
                        ".", "apps/v1/Deployment persona/auth-service: "),
                typo("boolean for a string", "config.yaml", "mailer-mock: \"true\"", "mailer-mock: true",
                        ".", "v1/ConfigMap persona/persona-config: "),
                typo("number for an env value", "overlays/gpu/transcribe-gpu.yaml", "PERSONA_TRANSCRIBE_PARALLELISM, value: \"1\"",
                        "PERSONA_TRANSCRIBE_PARALLELISM, value: 1", "overlays/gpu", "apps/v1/Deployment persona/transcribe-service: "),
                typo("gpu env var name", "overlays/gpu/transcribe-gpu.yaml", "PERSONA_TRANSCRIBE_WHISPER_USE_GPU",
                        "PERSONA_TRANSCRIBE_WHISPER_USEGPU", "overlays/gpu", "which transcribe-service does not read"),
                typo("ingress backend port", "ingress.yaml", "name: ingest-service, port: { number: 8082 }",
                        "name: ingest-service, port: { number: 8028 }", ".", "goes to ingest-service:8028, which is no Service port"),
                typo("route lost", "ingress.yaml", "(chat|sessions|history|style|speech|voice|voice-chat)", "(chat|sessions|history|speech|voice|voice-chat)",
                        ".", "ingress routes /personas/p1x2/style (chat-service /personas/{id}/style) to ingest-service"),
                typo("probe path", "chat-service.yaml", "/q/health/ready", "/q/health/readyz",
                        ".", "Deployment chat-service: readinessProbe gets /q/health/readyz"),
                typo("container port", "ingest-service.yaml", "containerPort: 8082", "containerPort: 8080",
                        ".", "Deployment ingest-service: no containerPort 8082"),
                typo("metrics annotation", "embed-service.yaml", "prometheus.io/port: \"8084\"", "prometheus.io/port: \"8048\"",
                        ".", "Deployment embed-service: prometheus.io annotations"),
                typo("JWKS path", "config.yaml", "jwks-url: http://auth-service:8081/auth/jwks", "jwks-url: http://auth-service:8081/auth/jwk",
                        ".", "JWKS http://auth-service:8081/auth/jwk is served by no service"),
                typo("Kafka service name", "kafka.yaml", "  name: persona-kafka-bootstrap\n", "  name: persona-kafka\n",
                        ".", "Kafka persona-kafka-bootstrap:9092: no Service persona-kafka-bootstrap"),
                typo("consumer group", "transcribe-service.yaml", "consumerGroup: transcribe-service", "consumerGroup: transcribe",
                        ".", "consumerGroup transcribe, but transcribe-service consumes audio-uploaded in group transcribe-service"),
                typo("more replicas than partitions", "embed-service.yaml", "maxReplicaCount: 12", "maxReplicaCount: 24",
                        ".", "maxReplicaCount 24 is more than the 12 partitions of transcript-ready"),
                typo("KEDA address", "transcribe-service.yaml", "bootstrapServers: persona-kafka-bootstrap.persona.svc:9092",
                        "bootstrapServers: persona-kafka-bootstrap:9092", ".", "does not resolve from KEDA's namespace"),
                typo("topic missing", "topics-job.yaml", "job-progress-dlq persona-deleted-dlq", "persona-deleted-dlq",
                        ".", "ingest-service uses topic job-progress-dlq, which is not created"),
                typo("KafkaTopic name", "overlays/prod/kafka-topics.yaml", "name: audio-uploaded-dlq", "name: audio-uploaded-dql",
                        "overlays/prod", "transcribe-service uses topic audio-uploaded-dlq, which is not created"),
                typo("missing limit", "mongodb.yaml", "limits: { cpu: \"2\", memory: 4Gi }", "limits: { memory: 4Gi }",
                        ".", "StatefulSet mongodb container mongodb has no cpu limit"),
                typo("policy label", "network-policies.yaml",
                        "        - podSelector: { matchLabels: { persona.dev/tier: service } }\n      ports: [ { protocol: TCP, port: 27017 } ]",
                        "        - podSelector: { matchLabels: { persona.dev/tier: services } }\n      ports: [ { protocol: TCP, port: 27017 } ]",
                        ".", "chat-service cannot connect to StatefulSet mongodb port 27017"),
                typo("policy too wide", "network-policies.yaml", "  podSelector: { matchLabels: { app: mongodb } }\n  policyTypes: [ Ingress ]\n  ingress:\n    - from:\n",
                        "  podSelector: { matchLabels: { app: mongodb } }\n  policyTypes: [ Ingress ]\n  ingress:\n    - from:\n        - namespaceSelector: {}\n",
                        ".", "a pod in namespace default can connect to StatefulSet mongodb port 27017"),
                typo("web app file not routed", "ingress.yaml", "(manifest\\.webmanifest|sw\\.js|", "(manifest\\.webmanifest|",
                        ".", "ingress routes the web app's /sw.js to nothing"),
                typo("voice chat's transcriber unreachable", "network-policies.yaml",
                        "        - podSelector: { matchLabels: { app: chat-service } }\n      ports: [ { protocol: TCP, port: 8083 } ]",
                        "        - podSelector: { matchLabels: { app: chat } }\n      ports: [ { protocol: TCP, port: 8083 } ]",
                        ".", "chat-service cannot connect to Deployment transcribe-service port 8083"),
                typo("Strimzi listener peers", "overlays/prod/strimzi-kafka.yaml", "values: [ ingest-service, transcribe-service,",
                        "values: [ transcribe-service,", "overlays/prod", "ingest-service cannot connect to KafkaNodePool dual-role port 9092"),
                typo("secret key", "overlays/prod/chat-service.yaml", "key: api-key", "key: apikey",
                        "overlays/prod", "reads key apikey of Secret persona-llm, which neither the manifests nor a documented"),
                typo("mail to nowhere", "overlays/prod/auth-service.yaml",
                        "            - { name: SMTP_HOST, valueFrom: { secretKeyRef: { name: persona-smtp, key: host } } }\n", "",
                        "overlays/prod", "sends mail (quarkus.mailer.mock=false) to SMTP host localhost"),
                typo("overlay namespace", "overlays/prod/kustomization.yaml", "namespace: persona\nresources:", "resources:",
                        "overlays/prod", "KafkaTopic audio-uploaded is in namespace null, not persona"),
                typo("committed credential", "mongodb.yaml", "uri: mongodb://mongodb:27017", "uri: mongodb://root:hunter2@mongodb:27017",
                        ".", "Secret persona-mongodb key uri holds a credential"),
                typo("no default deny", "network-policies.yaml", "  name: default-deny-ingress\nspec:\n  podSelector: {}\n",
                        "  name: default-deny-ingress\nspec:\n  podSelector: { matchLabels: { app: nothing } }\n",
                        ".", "no default-deny NetworkPolicy"),
                typo("KEDA field", "transcribe-service.yaml", "maxReplicaCount: 12", "maxReplicas: 12",
                        ".", "keda.sh/v1alpha1/ScaledObject persona/transcribe-service: Unrecognized property \"maxReplicas\""),
                typo("Strimzi enum", "overlays/prod/strimzi-kafka.yaml", "kraftMetadata: shared", "kraftMetadata: sharde",
                        "overlays/prod", "volume.kraftMetadata must be one of [shared], not sharde"),
                typo("public URL", "overlays/prod/config.yaml", "auth-public-url: https://persona.example.org",
                        "auth-public-url: http://persona.example.org", "overlays/prod",
                        "auth-service public URL http://persona.example.org is not where the ingress serves ([persona.example.org], TLS)"),
                typo("ingress host", "overlays/prod/kustomization.yaml", "path: /spec/rules/0/host, value: persona.example.org",
                        "path: /spec/rules/0/host, value: persona.example.com", "overlays/prod", "is not where the ingress serves ([persona.example.com]"),
                typo("a Secret committed in prod", "overlays/prod/kustomization.yaml", "      { apiVersion: v1, kind: Secret, metadata: { name: persona-mongodb, namespace: persona }, $patch: delete }\n",
                        "      { apiVersion: v1, kind: Secret, metadata: { name: persona-mongodb, namespace: persona } }\n",
                        "overlays/prod", "Secret persona-mongodb is in the manifests; create it with kubectl instead"),
                typo("autoscaler without CPU request", "chat-service.yaml", "requests: { cpu: \"1\", memory: 1536Mi }",
                        "requests: { memory: 1536Mi }", ".", "Deployment chat-service container chat-service has no cpu request"));
    }

    private static Arguments typo(String what, String file, String from, String to, String overlay, String expected) {
        return Arguments.of(what, file, from, to, overlay, expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("typos")
    void isReported(String what, String file, String from, String to, String overlay, String expected) throws IOException {
        Path k8s = copy(Services.repo().resolve("deploy/k8s"), temp.resolve("k8s"));
        Path edited = k8s.resolve(file);
        String text = Files.readString(edited);
        assertEquals(1, occurrences(text, from), "'" + from + "' should occur once in " + file);
        Files.writeString(edited, text.replace(from, to));

        Manifests m = Deploy.render(k8s, overlay);
        List<String> problems = Deploy.allProblems(m, Deploy.checks(m));
        assertTrue(problems.stream().anyMatch(p -> p.contains(expected)),
                what + ": expected a problem containing '" + expected + "', got " + problems);
    }

    @org.junit.jupiter.api.Test
    void aSecretTheReadmeDoesNotCreateIsReported() throws IOException {
        String readme = Files.readString(Services.repo().resolve("README.md"));
        String command = "kubectl -n persona create secret generic persona-smtp";
        assertEquals(1, occurrences(readme, command));
        Path edited = Files.writeString(temp.resolve("README.md"), readme.replace(command, "kubectl -n persona create secret generic persona-mail"));

        Manifests m = Deploy.render("overlays/prod");
        List<String> problems = Deploy.allProblems(m, Deploy.checks(m, edited));
        assertTrue(problems.stream().anyMatch(p -> p.contains("reads key host of Secret persona-smtp, which neither")), problems.toString());
    }

    static Stream<Arguments> composeTypos() {
        return Stream.of(
                Arguments.of("misspelt key", "    environment:\n      <<: *mongo", "    enviroment:\n      <<: *mongo",
                        "enviroment"),
                Arguments.of("env var name", "PERSONA_AUTH_PUBLIC_URL", "PERSONA_AUTH_PUBLIC_URI",
                        "auth-service sets PERSONA_AUTH_PUBLIC_URI, which auth-service does not read"),
                Arguments.of("Kafka port", "KAFKA_BOOTSTRAP_SERVERS: kafka:9092", "KAFKA_BOOTSTRAP_SERVERS: kafka:9029",
                        "ingest-service: Kafka kafka:9029 is no broker advertising kafka:9029"),
                Arguments.of("JWKS host", "PERSONA_JWKS_URL: http://auth-service:8081/auth/jwks",
                        "PERSONA_JWKS_URL: http://auth:8081/auth/jwks", "chat-service: JWKS http://auth:8081/auth/jwks is served by no service"),
                Arguments.of("gateway dependency", "depends_on: [ auth-service, ingest-service, chat-service ]",
                        "depends_on: [ auth-service, chat-service ]", "the gateway does not depend on ingest-service"),
                Arguments.of("published port", "    image: mongo:7.0\n", "    image: mongo:7.0\n    ports: [ \"27017:27017\" ]\n",
                        "mongo publishes [27017:27017]"),
                Arguments.of("signing key off the volume", "PERSONA_AUTH_SIGNING_KEY_PATH: /data/auth/signing-key.pem",
                        "PERSONA_AUTH_SIGNING_KEY_PATH: /tmp/signing-key.pem", "signing key /tmp/signing-key.pem is not in a named volume"),
                Arguments.of("trusted network", "PERSONA_AUTH_TRUSTED_PROXIES: 172.28.0.0/16", "PERSONA_AUTH_TRUSTED_PROXIES: 172.29.0.0/16",
                        "does not trust X-Forwarded-For from the gateway's network 172.28.0.0/16"),
                Arguments.of("boolean value", "QUARKUS_MAILER_MOCK: \"true\"", "QUARKUS_MAILER_MOCK: true",
                        "environment QUARKUS_MAILER_MOCK must be a string or a number"),
                Arguments.of("wait on no healthcheck", "auth-data-init: { condition: service_completed_successfully }",
                        "auth-data-init: { condition: service_healthy }", "waits for auth-data-init to be healthy, which has no healthcheck"),
                Arguments.of("start order", "      mongo: { condition: service_healthy }\n      auth-data-init",
                        "      auth-data-init", "auth-service does not depend on mongo"));
    }

    @ParameterizedTest(name = "compose: {0}")
    @MethodSource("composeTypos")
    void isReportedInCompose(String what, String from, String to, String expected) throws IOException {
        Path repo = Services.repo();
        String text = Files.readString(repo.resolve("docker-compose.yml"));
        assertEquals(1, occurrences(text, from), "'" + from + "' should occur once in docker-compose.yml");
        Path edited = Files.writeString(temp.resolve("docker-compose.yml"), text.replace(from, to));

        List<String> problems = ComposeTest.allProblems(edited, repo);
        assertTrue(problems.stream().anyMatch(p -> p.contains(expected)),
                what + ": expected a problem containing '" + expected + "', got " + problems);
    }

    private static int occurrences(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
        return to;
    }
}
