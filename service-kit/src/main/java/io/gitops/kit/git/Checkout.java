package io.gitops.kit.git;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

import org.eclipse.jgit.lib.ObjectId;

/** A one-off checkout of a commit into {@code directory} (see {@link GitClient#checkout}). */
public record Checkout(Path directory, ObjectId commit, Instant commitTime) {

    public Checkout {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(commitTime, "commitTime");
    }
}
