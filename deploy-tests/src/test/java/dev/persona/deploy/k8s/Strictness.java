package dev.persona.deploy.k8s;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * fabric8's model classes keep every field they do not know in an additionalProperties map instead of failing, so
 * after binding, every such map in the object graph must be empty: a non-empty one is a field the Kubernetes API
 * does not have (a typo, or one at the wrong level).
 */
final class Strictness {
    private Strictness() {
    }

    /** The JSON paths of the unknown fields in {@code root}. */
    static List<String> unknownFields(Object root) {
        List<String> found = new ArrayList<>();
        walk(root, "", found);
        return found;
    }

    private static void walk(Object value, String path, List<String> found) {
        if (value == null || isLeaf(value.getClass())) {
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> walk(v, path + "." + k, found));
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                walk(list.get(i), path + "[" + i + "]", found);
            }
        } else if (value.getClass().isRecord()) {
            for (RecordComponent c : value.getClass().getRecordComponents()) {
                walk(invoke(c.getAccessor(), value), path + "." + c.getName(), found);
            }
        } else if (value.getClass().getName().startsWith("io.fabric8.")) {
            walkBean(value, path, found);
        }
    }

    private static void walkBean(Object bean, String path, List<String> found) {
        for (Method m : bean.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers()) || !m.getName().startsWith("get")
                    || m.getDeclaringClass() == Object.class) {
                continue;
            }
            Object child = invoke(m, bean);
            if (m.getName().equals("getAdditionalProperties")) {
                if (child instanceof Map<?, ?> extra) {
                    extra.keySet().forEach(k -> found.add(path + "." + k));
                }
            } else {
                String name = m.getName().substring(3);
                walk(child, path + "." + Character.toLowerCase(name.charAt(0)) + name.substring(1), found);
            }
        }
    }

    private static boolean isLeaf(Class<?> type) {
        return type.isPrimitive() || type.isEnum() || type.getName().startsWith("java.lang.")
                || Number.class.isAssignableFrom(type) || CharSequence.class.isAssignableFrom(type);
    }

    private static Object invoke(Method m, Object target) {
        try {
            return m.invoke(target);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(m + ": " + e, e);
        }
    }
}
