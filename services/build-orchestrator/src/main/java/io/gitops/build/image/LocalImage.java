package io.gitops.build.image;

/** An image built and kept locally by {@code builder}: a name in its storage, or an archive path (jib). */
public record LocalImage(String builder, String reference) {
}
