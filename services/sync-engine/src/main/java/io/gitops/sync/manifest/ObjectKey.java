package io.gitops.sync.manifest;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Identity of one Kubernetes object: apiVersion, kind, namespace (null for cluster-scoped objects) and name.
 */
public record ObjectKey(String apiVersion, String kind, String namespace, String name)
        implements Comparable<ObjectKey> {

    public static ObjectKey of(JsonNode object) {
        JsonNode metadata = object.path("metadata");
        String namespace = metadata.path("namespace").asText("");
        return new ObjectKey(object.path("apiVersion").asText(""), object.path("kind").asText(""),
                namespace.isEmpty() ? null : namespace, metadata.path("name").asText(""));
    }

    /** The API group ("" for the core group). */
    public String group() {
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    /** Group and kind, the identity of a type across versions, e.g. {@code apps/Deployment}. */
    public String groupKind() {
        return group() + "/" + kind;
    }

    @Override
    public int compareTo(ObjectKey other) {
        return toString().compareTo(other.toString());
    }

    @Override
    public String toString() {
        return kind + " " + (namespace == null ? "" : namespace + "/") + name + " (" + apiVersion + ")";
    }
}
