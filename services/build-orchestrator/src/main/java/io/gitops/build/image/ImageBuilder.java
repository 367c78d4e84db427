package io.gitops.build.image;

import io.gitops.build.registry.PushTarget;
import io.gitops.kit.Outcome;

/** Builds an image from an app's Dockerfile without a Docker daemon where possible, and pushes it. */
public interface ImageBuilder {

    /** {@code buildah}, {@code docker} or {@code jib}: reported in the build stage's result. */
    String name();

    Outcome<LocalImage> build(ImageBuildRequest request);

    /** Whether a previous build's result is still there (after a restart). */
    boolean exists(ImageBuildRequest request);

    /** Pushes the image built for {@code request}; the digest the push reported, or null when it reports none. */
    Outcome<String> push(ImageBuildRequest request, PushTarget target);
}
