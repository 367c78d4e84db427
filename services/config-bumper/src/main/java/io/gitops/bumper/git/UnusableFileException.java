package io.gitops.bumper.git;

/** A file in the config repository that the bumper must not read: too large, a symlink or a directory. */
public class UnusableFileException extends RuntimeException {

    public UnusableFileException(String message) {
        super(message);
    }
}
