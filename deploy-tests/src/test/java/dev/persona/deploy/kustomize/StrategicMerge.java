package dev.persona.deploy.kustomize;

import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The part of Kubernetes' strategic merge patch that kustomize applies and these manifests use: maps merge, a null
 * value deletes a key, lists of containers, env vars, volumes, mounts and ports merge by their key, every other list
 * is replaced, and {@code $patch: delete} removes a list element. Custom resources have no merge keys, so for them
 * it is a JSON merge patch (RFC 7386), as in kustomize. Directives this does not implement fail loudly rather than
 * render something kubectl would not.
 */
public final class StrategicMerge {
    static final String DIRECTIVE = "$patch";

    private StrategicMerge() {
    }

    /** A patched copy of {@code original}; {@code builtInKind} enables the merge keys of the Kubernetes types. */
    public static ObjectNode apply(ObjectNode original, ObjectNode patch, boolean builtInKind) {
        return mergeObject(original.deepCopy(), patch, builtInKind, "");
    }

    private static ObjectNode mergeObject(ObjectNode target, ObjectNode patch, boolean builtIn, String path) {
        JsonNode directive = patch.get(DIRECTIVE);
        if (directive != null) {
            if ("replace".equals(directive.asString())) {
                ObjectNode replaced = patch.deepCopy();
                replaced.remove(DIRECTIVE);
                return replaced;
            }
            throw new IllegalArgumentException(path + ": unsupported " + DIRECTIVE + ": " + directive);
        }
        for (Map.Entry<String, JsonNode> field : patch.properties()) {
            String name = field.getKey();
            String here = path + "/" + name;
            if (name.startsWith("$")) {
                throw new IllegalArgumentException(here + ": unsupported patch directive");
            }
            JsonNode value = field.getValue();
            JsonNode current = target.get(name);
            if (value.isNull()) {
                target.remove(name);
            } else if (current instanceof ObjectNode currentObject && value instanceof ObjectNode valueObject) {
                target.set(name, mergeObject(currentObject, valueObject, builtIn, here));
            } else if (current instanceof ArrayNode currentList && value instanceof ArrayNode valueList && builtIn
                    && mergeKey(name, valueList) != null) {
                target.set(name, mergeList(currentList, valueList, mergeKey(name, valueList), here));
            } else {
                target.set(name, withoutDirectives(value, here));
            }
        }
        return target;
    }

    private static ArrayNode mergeList(ArrayNode target, ArrayNode patch, String key, String path) {
        ArrayNode merged = target.deepCopy();
        for (JsonNode element : patch) {
            if (!(element instanceof ObjectNode patchElement) || !patchElement.has(key)) {
                throw new IllegalArgumentException(path + ": every element needs its merge key '" + key + "'");
            }
            JsonNode id = patchElement.get(key);
            int at = indexOf(merged, key, id);
            JsonNode directive = patchElement.get(DIRECTIVE);
            if (directive != null && "delete".equals(directive.asString())) {
                if (at < 0) {
                    throw new IllegalArgumentException(path + ": nothing to delete with " + key + "=" + id);
                }
                merged.remove(at);
            } else if (at >= 0) {
                merged.set(at, mergeObject((ObjectNode) merged.get(at), patchElement, true, path + "[" + id + "]"));
            } else {
                merged.add(withoutDirectives(patchElement, path));
            }
        }
        return merged;
    }

    private static int indexOf(ArrayNode list, String key, JsonNode id) {
        for (int i = 0; i < list.size(); i++) {
            if (id.equals(list.get(i).get(key))) {
                return i;
            }
        }
        return -1;
    }

    /** The patchMergeKey of the Kubernetes list fields these manifests patch; null: the list is replaced. */
    static String mergeKey(String field, ArrayNode patchElements) {
        return switch (field) {
            case "containers", "initContainers", "ephemeralContainers", "env", "volumes", "imagePullSecrets" -> "name";
            case "volumeMounts" -> "mountPath";
            // Container ports merge on containerPort, Service ports on port.
            case "ports" -> patchElements.size() > 0 && patchElements.get(0).has("containerPort") ? "containerPort" : "port";
            default -> null;
        };
    }

    private static JsonNode withoutDirectives(JsonNode value, String path) {
        if (value instanceof ObjectNode object) {
            if (object.has(DIRECTIVE) && !"replace".equals(object.get(DIRECTIVE).asString())) {
                throw new IllegalArgumentException(path + ": " + DIRECTIVE + " with nothing to apply it to");
            }
            ObjectNode copy = object.deepCopy();
            copy.remove(DIRECTIVE);
            for (String name : java.util.List.copyOf(copy.propertyNames())) {
                copy.set(name, withoutDirectives(copy.get(name), path + "/" + name));
            }
            return copy;
        }
        return value.deepCopy();
    }
}
