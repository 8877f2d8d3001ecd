package dev.persona.deploy.kustomize;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** RFC 6902 add, replace and remove, the operations kustomize's JSON patches here use. */
final class JsonPatch {
    private JsonPatch() {
    }

    static ObjectNode apply(ObjectNode document, ArrayNode operations) {
        ObjectNode result = document.deepCopy();
        for (JsonNode operation : operations) {
            String op = required(operation, "op");
            String path = required(operation, "path");
            int cut = path.lastIndexOf('/');
            if (!path.startsWith("/") || cut < 0) {
                throw new IllegalArgumentException("JSON patch path must be a JSON pointer: " + path);
            }
            JsonNode parent = resolve(result, path.substring(0, cut));
            String last = unescape(path.substring(cut + 1));
            switch (op) {
                case "add", "replace" -> {
                    JsonNode value = operation.get("value");
                    if (value == null) {
                        throw new IllegalArgumentException(op + " " + path + ": no value");
                    }
                    put(parent, last, value.deepCopy(), op.equals("replace"), path);
                }
                case "remove" -> remove(parent, last, path);
                default -> throw new IllegalArgumentException("unsupported JSON patch op " + op);
            }
        }
        return result;
    }

    private static void put(JsonNode parent, String last, JsonNode value, boolean mustExist, String path) {
        if (parent instanceof ObjectNode object) {
            if (mustExist && !object.has(last)) {
                throw new IllegalArgumentException("replace " + path + ": nothing there");
            }
            object.set(last, value);
        } else if (parent instanceof ArrayNode array) {
            if (last.equals("-") && !mustExist) {
                array.add(value);
            } else {
                int index = index(array, last, path, mustExist ? array.size() - 1 : array.size());
                if (mustExist) {
                    array.set(index, value);
                } else {
                    array.insert(index, value);
                }
            }
        } else {
            throw new IllegalArgumentException(path + ": parent is not an object or a list");
        }
    }

    private static void remove(JsonNode parent, String last, String path) {
        if (parent instanceof ObjectNode object && object.has(last)) {
            object.remove(last);
        } else if (parent instanceof ArrayNode array) {
            array.remove(index(array, last, path, array.size() - 1));
        } else {
            throw new IllegalArgumentException("remove " + path + ": nothing there");
        }
    }

    private static JsonNode resolve(JsonNode root, String pointer) {
        JsonNode node = root;
        if (pointer.isEmpty()) {
            return node;
        }
        for (String token : pointer.substring(1).split("/", -1)) {
            String name = unescape(token);
            node = node.isArray() ? node.get(Integer.parseInt(name)) : node.get(name);
            if (node == null) {
                throw new IllegalArgumentException("JSON patch: no " + pointer);
            }
        }
        return node;
    }

    private static int index(ArrayNode array, String token, String path, int max) {
        int index;
        try {
            index = Integer.parseInt(token);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(path + ": not a list index");
        }
        if (index < 0 || index > max) {
            throw new IllegalArgumentException(path + ": index out of range");
        }
        return index;
    }

    private static String unescape(String token) {
        return token.replace("~1", "/").replace("~0", "~");
    }

    private static String required(JsonNode operation, String field) {
        JsonNode value = operation.get(field);
        if (value == null || !value.isString()) {
            throw new IllegalArgumentException("JSON patch operation without " + field + ": " + operation);
        }
        return value.asString();
    }
}
