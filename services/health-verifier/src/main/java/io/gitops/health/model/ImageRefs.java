package io.gitops.health.model;

import java.util.List;

/** Image references: {@code registry:5000/team/shop:9f2c...} has repository {@code registry:5000/team/shop}. */
public final class ImageRefs {

    private ImageRefs() {
    }

    /** The tag of an image reference, or null (no tag, or only a digest). */
    public static String tag(String image) {
        if (image == null) {
            return null;
        }
        String name = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        int colon = name.lastIndexOf(':');
        return colon > name.lastIndexOf('/') ? name.substring(colon + 1) : null;
    }

    /** The repository part (without tag and digest). */
    public static String repository(String image) {
        String name = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        int colon = name.lastIndexOf(':');
        return colon > name.lastIndexOf('/') ? name.substring(0, colon) : name;
    }

    /**
     * The tag of the application's own image: the image whose repository's last path segment is the app's name, or
     * else the first image with a tag; null when none has one.
     */
    public static String appTag(String app, List<String> images) {
        for (String image : images) {
            String repository = repository(image);
            String last = repository.substring(repository.lastIndexOf('/') + 1);
            if (last.equals(app) && tag(image) != null) {
                return tag(image);
            }
        }
        return images.stream().map(ImageRefs::tag).filter(t -> t != null).findFirst().orElse(null);
    }
}
