package io.gitops.bumper.git;

import org.eclipse.jgit.lib.ObjectId;

/** What the remote said to one push of one ref. */
public sealed interface PushOutcome {

    /** The ref now points at {@code head}. */
    record Pushed(ObjectId head) implements PushOutcome {
    }

    /** Someone moved the ref first (non-fast-forward, remote changed, lock lost): fetch, re-apply, retry. */
    record Conflict(String detail) implements PushOutcome {
    }

    /** The remote refused the update for a reason retrying will not change (e.g. a pre-receive hook). */
    record Rejected(String reason) implements PushOutcome {
    }

    /** The remote could not be reached or failed (transient). */
    record Unavailable(String reason) implements PushOutcome {
    }
}
