package io.gitops.sync.manifest;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;

/** Container images referenced by rendered objects, and the tag of an image reference. */
public final class Images {

    private Images() {
    }

    /** Every {@code image} of a {@code containers}/{@code initContainers} list anywhere in the objects, sorted. */
    public static List<String> of(List<? extends JsonNode> objects) {
        TreeSet<String> images = new TreeSet<>();
        for (JsonNode object : objects) {
            collect(object, images);
        }
        return List.copyOf(images);
    }

    private static void collect(JsonNode node, TreeSet<String> images) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if ((field.getKey().equals("containers") || field.getKey().equals("initContainers"))
                        && field.getValue().isArray()) {
                    for (JsonNode container : field.getValue()) {
                        String image = container.path("image").asText("");
                        if (!image.isEmpty()) {
                            images.add(image);
                        }
                    }
                } else {
                    collect(field.getValue(), images);
                }
            }
        } else if (node.isArray()) {
            node.forEach(child -> collect(child, images));
        }
    }

    /** The tag of {@code registry/repo:tag} or {@code repo:tag@sha256:...}; empty when there is none. */
    public static Optional<String> tagOf(String image) {
        String withoutDigest = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        int colon = withoutDigest.lastIndexOf(':');
        int slash = withoutDigest.lastIndexOf('/');
        return colon > slash ? Optional.of(withoutDigest.substring(colon + 1)) : Optional.empty();
    }
}
