package io.gitops.sync.manifest;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What one (app, env) should look like at one revision: the decorated objects in apply order, their digest (of the
 * content, independent of the revision annotation) and the images they run.
 */
public record DesiredState(List<ObjectNode> objects, String digest, List<String> images) {

    public DesiredState {
        objects = List.copyOf(objects);
        images = List.copyOf(images);
    }

    public Map<ObjectKey, ObjectNode> byKey() {
        return objects.stream().collect(Collectors.toMap(ObjectKey::of, Function.identity(), (a, b) -> a,
                java.util.LinkedHashMap::new));
    }
}
