package dev.persona.deploy.yaml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads YAML the way kubectl and docker compose do (YAML 1.1 scalars, anchors and merge keys) into Jackson trees.
 * A key given twice in one mapping is an error here, as it is for kubectl's strict decoding: otherwise the second
 * silently wins and a typo hides.
 */
public final class YamlDocs {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private YamlDocs() {
    }

    /** Every non-empty document of a multi-document file. */
    public static List<JsonNode> readAll(Path file) {
        return readAll(read(file), file.toString());
    }

    public static List<JsonNode> readAll(String text, String origin) {
        List<JsonNode> docs = new ArrayList<>();
        try {
            for (Object doc : yaml().loadAll(text)) {
                if (doc != null) {
                    docs.add(toNode(doc));
                }
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(origin + ": not valid YAML: " + e.getMessage(), e);
        }
        return docs;
    }

    /** The one document of a file. */
    public static JsonNode readOne(Path file) {
        List<JsonNode> docs = readAll(file);
        if (docs.size() != 1) {
            throw new IllegalArgumentException(file + ": expected one YAML document, found " + docs.size());
        }
        return docs.get(0);
    }

    public static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(50);
        return new Yaml(new SafeConstructor(options));
    }

    private static JsonNode toNode(Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode object = NODES.objectNode();
            // Like sigs.k8s.io/yaml: a non-string key (1, true) becomes its string form.
            map.forEach((k, v) -> object.set(String.valueOf(k), toNode(v)));
            return object;
        }
        if (value instanceof List<?> list) {
            ArrayNode array = NODES.arrayNode();
            list.forEach(item -> array.add(toNode(item)));
            return array;
        }
        if (value instanceof String s) {
            return NODES.stringNode(s);
        }
        if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (value instanceof Integer i) {
            return NODES.numberNode(i);
        }
        if (value instanceof Long l) {
            return NODES.numberNode(l);
        }
        if (value instanceof java.math.BigInteger big) {
            return NODES.numberNode(big);
        }
        if (value instanceof Double d) {
            return NODES.numberNode(d);
        }
        if (value instanceof Date date) {
            return NODES.stringNode(date.toInstant().toString());
        }
        throw new IllegalArgumentException("unsupported YAML value " + value.getClass().getName() + ": " + value);
    }
}
