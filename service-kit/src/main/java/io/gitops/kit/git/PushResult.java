package io.gitops.kit.git;

import java.util.Objects;

import org.eclipse.jgit.lib.ObjectId;

/**
 * What the remote said to one compare-and-swap push of one branch. A rejection is an answer, not a failure: it is
 * returned, never thrown (an unreachable remote throws {@link GitException}).
 */
public sealed interface PushResult permits PushResult.Pushed, PushResult.Rejected {

    /** The branch now points at {@code head}. */
    record Pushed(ObjectId head) implements PushResult {
        public Pushed {
            Objects.requireNonNull(head, "head");
        }
    }

    /** The branch was left as it was; {@code message} is the remote's (or JGit's) explanation, possibly empty. */
    record Rejected(Reason reason, String message) implements PushResult {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
            message = message == null ? "" : message;
        }

        /** Whether someone else moved the branch first: fetch, rebuild on the new head and push again. */
        public boolean lostRace() {
            return reason != Reason.REFUSED;
        }
    }

    /** Why a push was rejected. */
    enum Reason {
        /** The pushed commit does not descend from the remote head. */
        NON_FAST_FORWARD,
        /** The remote head is not the expected one. */
        REMOTE_MOVED,
        /** The remote's compare-and-swap on the ref failed: another push updated it meanwhile. */
        LOCK_FAILURE,
        /** The remote refused the update for another reason (a hook, branch protection): retrying will not help. */
        REFUSED
    }
}
