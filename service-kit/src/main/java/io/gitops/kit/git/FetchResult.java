package io.gitops.kit.git;

import java.util.Objects;
import java.util.Optional;

import org.eclipse.jgit.lib.ObjectId;

/**
 * The branch head before and after one fetch. A head is empty while the branch does not exist on the remote (an
 * empty repository).
 */
public record FetchResult(Optional<ObjectId> previous, Optional<ObjectId> head) {

    public FetchResult {
        Objects.requireNonNull(previous, "previous");
        Objects.requireNonNull(head, "head");
    }

    /** Whether the fetch moved the head (a first fetch of an existing branch moves it). */
    public boolean moved() {
        return !previous.equals(head);
    }
}
