package io.gitops.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/** Renders deploy/helm/gitops-platform with helm-java (no helm binary) and parses every object. */
final class Chart {

    static final Path DIRECTORY = Repo.path("deploy/helm/gitops-platform");
    static final String RELEASE = "gitops";
    static final String NAMESPACE = "gitops-system";
    /** The one value every installation must give: the full commit SHA of the images. */
    static final String SHA = "4f3c2b1a0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b";

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private Chart() {
    }

    /** What helm rendered: the manifest text and the objects parsed from it. */
    record Rendered(String manifest, List<HasMetadata> objects) {

        <T extends HasMetadata> List<T> all(Class<T> type) {
            return objects.stream().filter(type::isInstance).map(type::cast).toList();
        }

        List<HasMetadata> kind(String kind) {
            return objects.stream().filter(o -> o.getKind().equals(kind)).toList();
        }

        <T extends HasMetadata> T named(Class<T> type, String name) {
            return find(type, name).orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name
                    + " in " + objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList()));
        }

        <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
            return all(type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst();
        }
    }

    /** Name of a service's objects in the test release. */
    static String objectName(PlatformService service) {
        return RELEASE + "-" + service.serviceName();
    }

    /** Values set on top of the chart's defaults (--set), plus values files (-f), in order. */
    static Rendered render(Map<String, Object> set, Path... valuesFiles) {
        return render(set, NAMESPACE, valuesFiles);
    }

    /** As {@link #render(Map, Path...)}, released into {@code namespace}. */
    static Rendered render(Map<String, Object> set, String namespace, Path... valuesFiles) {
        TemplateCommand command = new Helm(DIRECTORY).template().withName(RELEASE).withNamespace(namespace);
        for (Path file : valuesFiles) {
            command = command.withValuesFile(file);
        }
        for (Map.Entry<String, Object> e : set.entrySet()) {
            command = command.set(e.getKey(), e.getValue());
        }
        String manifest = command.call();
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : manifest.split("(?m)^---\\s*$")) {
            String yaml = document.replaceAll("(?m)^#.*$", "").trim();
            if (!yaml.isEmpty()) {
                Object parsed = SERIALIZATION.unmarshal(yaml);
                if (!(parsed instanceof HasMetadata object)) {
                    throw new AssertionError("not a Kubernetes object: " + yaml);
                }
                objects.add(object);
            }
        }
        return new Rendered(manifest, objects);
    }

    /** The chart with its default values and the required image.tag. */
    static Rendered renderDefaults() {
        return render(withSha(Map.of()));
    }

    static Map<String, Object> withSha(Map<String, Object> set) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("image.tag", SHA);
        values.putAll(set);
        return values;
    }
}
