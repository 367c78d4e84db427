package io.gitops.bumper.commit;

import java.util.Objects;

import org.eclipse.jgit.lib.PersonIdent;

/** A Git author or committer. */
public record Identity(String name, String email) {

    public Identity {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(email, "email");
    }

    /** A JGit identity stamped now. */
    public PersonIdent now() {
        return new PersonIdent(name, email);
    }
}
