package io.gitops.build.dockerfile;

/** A Dockerfile that cannot be parsed. */
public class DockerfileException extends Exception {

    public DockerfileException(String message) {
        super(message);
    }
}
