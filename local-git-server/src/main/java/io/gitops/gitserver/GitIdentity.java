package io.gitops.gitserver;

import java.util.Objects;

/** A Git author, committer or pusher. */
public record GitIdentity(String name, String email) {

    public GitIdentity {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(email, "email");
    }
}
