package dev.persona.deploy.k8s;

import java.util.Collection;
import java.util.Set;

/** Field checks for the custom resource records: what their CRDs' schemas require or enumerate. */
final class Required {
    private Required() {
    }

    static <T> T present(T value, String field) {
        if (value == null || value instanceof Collection<?> c && c.isEmpty()) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value;
    }

    static String oneOf(String value, String field, Set<String> allowed) {
        present(value, field);
        if (!allowed.contains(value)) {
            throw new IllegalArgumentException(field + " must be one of " + allowed + ", not " + value);
        }
        return value;
    }

    static Integer atLeast(Integer value, String field, int min) {
        if (value != null && value < min) {
            throw new IllegalArgumentException(field + " must be at least " + min + ", not " + value);
        }
        return value;
    }
}
