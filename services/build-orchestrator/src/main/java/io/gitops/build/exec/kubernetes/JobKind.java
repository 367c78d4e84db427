package io.gitops.build.exec.kubernetes;

/** The kinds of containers a stage Job runs, each with its own resources. */
public enum JobKind {
    /** The init container that clones the commit. */
    CHECKOUT,
    /** A stage command (lint, test, sast, and the build command before the image build) in the builder image. */
    COMMAND,
    /** The image build and push with buildah. */
    BUILD
}
