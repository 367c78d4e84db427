package io.gitops.sync.manifest;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Turns rendered objects into what is applied: namespaced objects without a namespace get the environment's
 * namespace (objects aimed at another namespace are refused: an application only deploys into its own), every
 * object gets the managed-by, app and env labels, and the revision annotation. The digest is taken before the
 * revision annotation, so the same content at another config commit has the same digest.
 */
public final class Decorator {

    private Decorator() {
    }

    /**
     * @param namespaced whether a rendered object's kind is namespaced (from API discovery)
     */
    public static DesiredState decorate(List<ObjectNode> rendered, String app, String env, String namespace,
                                        String revision, Predicate<ObjectNode> namespaced) {
        List<ObjectNode> objects = new ArrayList<>();
        Set<ObjectKey> seen = new HashSet<>();
        for (ObjectNode source : rendered) {
            ObjectNode object = source.deepCopy();
            ObjectNode metadata = object.withObjectProperty("metadata");
            if (namespaced.test(object)) {
                String declared = metadata.path("namespace").asText("");
                if (declared.isEmpty()) {
                    metadata.put("namespace", namespace);
                } else if (!declared.equals(namespace)) {
                    throw new ManifestException(ObjectKey.of(object) + " targets namespace " + declared
                            + " but " + app + "/" + env + " deploys to " + namespace);
                }
            } else {
                metadata.remove("namespace");
            }
            metadata.remove("resourceVersion");
            metadata.remove("uid");
            metadata.remove("managedFields");
            metadata.remove("creationTimestamp");
            object.remove("status");
            ObjectNode labels = metadata.withObjectProperty("labels");
            labels.put(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE);
            labels.put(Labels.APP, app);
            labels.put(Labels.ENV, env);
            if (!seen.add(ObjectKey.of(object))) {
                throw new ManifestException("the chart renders " + ObjectKey.of(object) + " twice");
            }
            objects.add(object);
        }
        List<ObjectNode> ordered = ApplyOrder.sorted(objects);
        String digest = Digests.of(ordered);
        for (ObjectNode object : ordered) {
            object.withObjectProperty("metadata").withObjectProperty("annotations").put(Labels.REVISION, revision);
        }
        return new DesiredState(ordered, digest, Images.of(ordered));
    }
}
