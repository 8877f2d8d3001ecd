package dev.persona.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.persona.deploy.kustomize.StrategicMerge;
import dev.persona.deploy.yaml.YamlDocs;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The renderer merges overlays the way kubectl apply -k does, so what the checks see is what a cluster gets. */
class StrategicMergeTest {
    private static ObjectNode yaml(String text) {
        return (ObjectNode) YamlDocs.readAll(text, "test").get(0);
    }

    private static JsonNode merge(String base, String patch, boolean builtIn) {
        return StrategicMerge.apply(yaml(base), yaml(patch), builtIn);
    }

    @Test
    void containersAndEnvMergeByNameAndKeepWhatThePatchDoesNotName() {
        JsonNode merged = merge("""
                spec: { containers: [ { name: a, image: a:1, env: [ { name: X, value: "1" }, { name: Y, value: "2" } ] },
                                      { name: b, image: b:1 } ] }
                """, """
                spec: { containers: [ { name: a, env: [ { name: Y, value: "3" }, { name: Z, value: "4" } ] } ] }
                """, true);
        assertEquals(yaml("""
                spec: { containers: [ { name: a, image: a:1, env: [ { name: X, value: "1" }, { name: Y, value: "3" },
                                                                     { name: Z, value: "4" } ] },
                                      { name: b, image: b:1 } ] }
                """), merged);
    }

    @Test
    void nullDeletesAKeyAndOtherListsAreReplaced() {
        JsonNode merged = merge("""
                spec: { replicas: 2, tolerations: [ { key: a } ], template: { args: [ x, y ] } }
                """, """
                spec: { replicas: null, tolerations: [ { key: b } ], template: { args: [ z ] } }
                """, true);
        assertEquals(yaml("spec: { tolerations: [ { key: b } ], template: { args: [ z ] } }"), merged);
    }

    @Test
    void aListElementIsDeletedByItsKey() {
        JsonNode merged = merge("""
                volumes: [ { name: a, emptyDir: {} }, { name: b, emptyDir: {} } ]
                """, """
                volumes: [ { name: a, $patch: delete } ]
                """, true);
        assertEquals(yaml("volumes: [ { name: b, emptyDir: {} } ]"), merged);
    }

    @Test
    void customResourcesGetAJsonMergePatchWhereListsAreReplaced() {
        JsonNode merged = merge("""
                spec: { triggers: [ { type: kafka, metadata: { topic: a } } ], minReplicaCount: 1 }
                """, """
                spec: { triggers: [ { type: kafka, metadata: { topic: b } } ] }
                """, false);
        assertEquals(yaml("spec: { triggers: [ { type: kafka, metadata: { topic: b } } ], minReplicaCount: 1 }"), merged);
    }

    @Test
    void directivesItCannotApplyFailInsteadOfRenderingSomethingElse() {
        assertThrows(IllegalArgumentException.class, () -> merge("spec: { containers: [ { name: a } ] }",
                "spec: { $setElementOrder/containers: [ { name: a } ] }", true));
        assertThrows(IllegalArgumentException.class, () -> merge("env: [ { name: a } ]",
                "env: [ { value: x } ]", true));
    }

    @Test
    void aDuplicatedKeyIsAnErrorNotASilentOverride() {
        assertThrows(IllegalArgumentException.class, () -> YamlDocs.readAll("a: 1\na: 2\n", "test"));
    }
}
