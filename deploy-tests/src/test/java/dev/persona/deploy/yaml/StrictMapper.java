package dev.persona.deploy.yaml;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * Binds trees to types as strictly as the Kubernetes API server decodes: unknown fields fail, a quoted number where
 * an integer belongs fails, and so does an unquoted number or boolean where a string belongs (the classic
 * {@code value: 8080} in an env var or a ConfigMap). Types with a catch-all map (fabric8's additionalProperties)
 * are checked separately by {@code dev.persona.deploy.k8s.Strictness}.
 */
public final class StrictMapper {
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .withCoercionConfig(LogicalType.Textual, c -> c
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Integer, c -> c
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Boolean, c -> c
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail))
            .build();

    private StrictMapper() {
    }

    public static JsonMapper mapper() {
        return MAPPER;
    }

    public static <T> T bind(JsonNode tree, Class<T> type) {
        return MAPPER.treeToValue(tree, type);
    }
}
