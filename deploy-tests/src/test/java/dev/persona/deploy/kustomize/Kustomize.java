package dev.persona.deploy.kustomize;

import dev.persona.deploy.yaml.StrictMapper;
import dev.persona.deploy.yaml.YamlDocs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Renders a kustomization the way {@code kubectl apply -k} does for the features these manifests use: resources
 * (files and nested kustomizations), strategic merge and JSON 6902 patches (including {@code $patch: delete} of a
 * whole resource), the namespace and the image overrides. No kustomize binary is needed, so the tests stay offline.
 */
public final class Kustomize {
    /** API group of the built-in kinds whose list fields have strategic merge keys. */
    private static final Set<String> BUILT_IN_GROUPS = Set.of("", "apps", "batch", "networking.k8s.io", "autoscaling",
            "policy");
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
            "CustomResourceDefinition", "PersistentVolume", "StorageClass", "PriorityClass", "IngressClass");

    private Kustomize() {
    }

    /** Every resource of the kustomization in {@code dir}, patched. */
    public static List<ObjectNode> render(Path dir) {
        Path file = dir.resolve("kustomization.yaml");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(dir + ": no kustomization.yaml");
        }
        Kustomization k = StrictMapper.bind(YamlDocs.readOne(file), Kustomization.class);
        List<ObjectNode> resources = new ArrayList<>();
        for (String entry : k.resources()) {
            Path path = dir.resolve(entry).normalize();
            List<ObjectNode> loaded = Files.isDirectory(path) ? render(path) : load(path);
            for (ObjectNode resource : loaded) {
                if (find(resources, id(resource)) >= 0) {
                    throw new IllegalArgumentException(file + ": " + id(resource) + " is declared twice");
                }
                resources.add(resource);
            }
        }
        for (Kustomization.Patch patch : k.patches()) {
            String text = patch.path() != null ? YamlDocs.read(dir.resolve(patch.path())) : patch.patch();
            String origin = file + " patch " + (patch.path() != null ? patch.path() : "(inline)");
            applyPatch(resources, patch.target(), YamlDocs.readAll(text, origin), origin);
        }
        if (k.namespace() != null) {
            resources.stream().filter(r -> !CLUSTER_SCOPED.contains(r.path("kind").asString()))
                    .forEach(r -> ((ObjectNode) r.get("metadata")).put("namespace", k.namespace()));
        }
        for (Kustomization.Image image : k.images()) {
            if (setImage(resources, image) == 0) {
                throw new IllegalArgumentException(file + ": no container uses image " + image.name());
            }
        }
        return resources;
    }

    private static List<ObjectNode> load(Path file) {
        List<ObjectNode> docs = new ArrayList<>();
        for (JsonNode doc : YamlDocs.readAll(file)) {
            if (!(doc instanceof ObjectNode object) || !object.path("apiVersion").isString()
                    || !object.path("kind").isString() || !object.path("metadata").path("name").isString()) {
                throw new IllegalArgumentException(file + ": every document needs apiVersion, kind and metadata.name");
            }
            docs.add(object);
        }
        return docs;
    }

    private static void applyPatch(List<ObjectNode> resources, Kustomization.Target target, List<JsonNode> docs,
            String origin) {
        if (docs.size() != 1) {
            throw new IllegalArgumentException(origin + ": one patch document per entry, found " + docs.size());
        }
        JsonNode doc = docs.get(0);
        if (target != null) {
            int at = findTarget(resources, target, origin);
            ObjectNode resource = resources.get(at);
            resources.set(at, doc instanceof ArrayNode ops ? JsonPatch.apply(resource, ops)
                    : StrategicMerge.apply(resource, (ObjectNode) doc, builtIn(resource)));
            return;
        }
        if (!(doc instanceof ObjectNode patch)) {
            throw new IllegalArgumentException(origin + ": a JSON 6902 patch needs a target");
        }
        int at = findPatched(resources, patch, origin);
        if ("delete".equals(patch.path(StrategicMerge.DIRECTIVE).asString())) {
            resources.remove(at);
        } else {
            ObjectNode resource = resources.get(at);
            resources.set(at, StrategicMerge.apply(resource, patch, builtIn(resource)));
        }
    }

    private static int findPatched(List<ObjectNode> resources, ObjectNode patch, String origin) {
        String namespace = patch.path("metadata").path("namespace").asString(null);
        for (int i = 0; i < resources.size(); i++) {
            ObjectNode r = resources.get(i);
            if (r.path("apiVersion").equals(patch.path("apiVersion")) && r.path("kind").equals(patch.path("kind"))
                    && r.path("metadata").path("name").equals(patch.path("metadata").path("name"))
                    && (namespace == null || namespace.equals(r.path("metadata").path("namespace").asString(null)))) {
                return i;
            }
        }
        throw new IllegalArgumentException(origin + ": patches " + id(patch) + ", which is not among the resources");
    }

    private static int findTarget(List<ObjectNode> resources, Kustomization.Target t, String origin) {
        for (int i = 0; i < resources.size(); i++) {
            ObjectNode r = resources.get(i);
            String apiVersion = r.path("apiVersion").asString();
            String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
            String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
            if (t.kind().equals(r.path("kind").asString()) && t.name().equals(r.path("metadata").path("name").asString())
                    && (t.group() == null || t.group().equals(group)) && (t.version() == null || t.version().equals(version))
                    && (t.namespace() == null || t.namespace().equals(r.path("metadata").path("namespace").asString(null)))) {
                return i;
            }
        }
        throw new IllegalArgumentException(origin + ": no resource matches target " + t);
    }

    private static int setImage(List<ObjectNode> resources, Kustomization.Image image) {
        int changed = 0;
        for (ObjectNode r : resources) {
            JsonNode podSpec = r.path("spec").path("template").path("spec");
            for (String list : List.of("containers", "initContainers")) {
                for (JsonNode c : podSpec.path(list)) {
                    String current = c.path("image").asString();
                    int colon = current.lastIndexOf(':');
                    boolean tagged = colon > current.lastIndexOf('/');
                    String name = tagged ? current.substring(0, colon) : current;
                    if (name.equals(image.name())) {
                        String tag = image.newTag() != null ? image.newTag() : tagged ? current.substring(colon + 1) : null;
                        String newName = image.newName() != null ? image.newName() : name;
                        ((ObjectNode) c).put("image", tag == null ? newName : newName + ":" + tag);
                        changed++;
                    }
                }
            }
        }
        return changed;
    }

    private static boolean builtIn(ObjectNode resource) {
        String apiVersion = resource.path("apiVersion").asString();
        return BUILT_IN_GROUPS.contains(apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "");
    }

    private static int find(List<ObjectNode> resources, String id) {
        for (int i = 0; i < resources.size(); i++) {
            if (id(resources.get(i)).equals(id)) {
                return i;
            }
        }
        return -1;
    }

    /** apiVersion/kind namespace/name, the identity kustomize keys resources by. */
    public static String id(JsonNode resource) {
        return resource.path("apiVersion").asString() + "/" + resource.path("kind").asString() + " "
                + resource.path("metadata").path("namespace").asString("") + "/"
                + resource.path("metadata").path("name").asString();
    }
}
