package dev.persona.deploy.kustomize;

import java.util.List;

/**
 * The kustomization.yaml fields the renderer implements. Bound strictly: a field kustomize knows but this renderer
 * does not (generators, replacements, components) fails the build instead of being skipped unrendered.
 */
public record Kustomization(String apiVersion, String kind, String namespace, List<String> resources,
        List<Patch> patches, List<Image> images) {

    public Kustomization {
        if (!"kustomize.config.k8s.io/v1beta1".equals(apiVersion) || !"Kustomization".equals(kind)) {
            throw new IllegalArgumentException("not a kustomize.config.k8s.io/v1beta1 Kustomization");
        }
        resources = resources == null ? List.of() : resources;
        patches = patches == null ? List.of() : patches;
        images = images == null ? List.of() : images;
    }

    /** A patch from a file ({@code path}) or inline ({@code patch}); with a target, a JSON 6902 list is allowed. */
    public record Patch(String path, String patch, Target target) {
        public Patch {
            if ((path == null) == (patch == null)) {
                throw new IllegalArgumentException("a patch needs exactly one of path and patch");
            }
        }
    }

    public record Target(String group, String version, String kind, String name, String namespace) {
        public Target {
            if (kind == null || name == null) {
                throw new IllegalArgumentException("a patch target needs kind and name");
            }
        }
    }

    public record Image(String name, String newName, String newTag) {
        public Image {
            if (name == null || (newName == null && newTag == null)) {
                throw new IllegalArgumentException("an image entry needs name and newName or newTag");
            }
        }
    }
}
