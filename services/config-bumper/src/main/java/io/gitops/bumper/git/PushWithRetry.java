package io.gitops.bumper.git;

import java.util.function.Supplier;

import io.gitops.kit.Retry;
import org.eclipse.jgit.lib.ObjectId;

/**
 * Pushes work built on the remote head, and when someone else moved the branch first, fetches the new head, builds
 * the work again on it and retries with backoff, up to a bound. Never forces: every push names the head it was
 * built on as the expected old value of the remote ref.
 */
public final class PushWithRetry {

    /** Builds the work on a base commit: the new head (the base itself when there is nothing to push) and a plan. */
    @FunctionalInterface
    public interface Builder<T> {
        Built<T> build(ObjectId base);
    }

    /** Work built on {@code base}: {@code head} is {@code base} when there is nothing to push. */
    public record Built<T>(ObjectId base, ObjectId head, T plan) {
        public boolean changes() {
            return !head.equals(base);
        }
    }

    /** How a push with retries ended. */
    public sealed interface Result<T> {
    }

    /** The remote branch is at {@code built.head()} after {@code attempts} attempts. */
    public record Pushed<T>(Built<T> built, int attempts, long nanos) implements Result<T> {
    }

    /** The work changed nothing on the latest head: nothing was pushed. */
    public record NothingToPush<T>(Built<T> built) implements Result<T> {
    }

    /** The remote refused the push for good (e.g. a hook): permanent. */
    public record Rejected<T>(Built<T> built, String reason) implements Result<T> {
    }

    /** The remote is unreachable, or the branch kept moving for every attempt: transient. */
    public record Unavailable<T>(String reason) implements Result<T> {
    }

    /** What happens between attempts; tests use it to observe retries. */
    public interface Listener {
        void retrying(int attempt, String conflict);
    }

    private final GitWorkspace workspace;
    private final Retry backoff;
    private final Retry.Sleeper sleeper;
    private final Listener listener;

    /** @param backoff attempts in all and the backoff between them */
    public PushWithRetry(GitWorkspace workspace, Retry backoff, Retry.Sleeper sleeper, Listener listener) {
        this.workspace = workspace;
        this.backoff = backoff;
        this.sleeper = sleeper;
        this.listener = listener;
    }

    /**
     * Builds on {@code base} and pushes to {@code remoteBranch}; on a conflict asks {@code refresh} for the new head
     * (it fetches) and builds again.
     *
     * @param base       the remote head to build on ({@code null}: the branch does not exist yet)
     * @param refresh    fetches and returns the remote head again ({@code null} when it still does not exist)
     * @param createFrom what to build on while the branch does not exist
     */
    public <T> Result<T> push(String remoteBranch, ObjectId base, Supplier<ObjectId> refresh, ObjectId createFrom,
                              Builder<T> builder) {
        long started = System.nanoTime();
        ObjectId expected = base;
        for (int attempt = 1; ; attempt++) {
            Built<T> built = builder.build(expected == null ? createFrom : expected);
            if (!built.changes()) {
                return new NothingToPush<>(built);
            }
            PushOutcome outcome = workspace.push(built.head(), remoteBranch, expected);
            if (outcome instanceof PushOutcome.Pushed) {
                return new Pushed<>(built, attempt, System.nanoTime() - started);
            }
            if (outcome instanceof PushOutcome.Rejected rejected) {
                return new Rejected<>(built, rejected.reason());
            }
            if (outcome instanceof PushOutcome.Unavailable unavailable) {
                return new Unavailable<>(unavailable.reason());
            }
            String conflict = ((PushOutcome.Conflict) outcome).detail();
            if (attempt >= backoff.maxAttempts()) {
                return new Unavailable<>(remoteBranch + " kept moving: gave up after " + attempt
                        + " attempts (last: " + conflict + ")");
            }
            listener.retrying(attempt, conflict);
            try {
                sleeper.sleep(backoff.backoff(attempt));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Unavailable<>("interrupted while retrying the push to " + remoteBranch);
            }
            expected = refresh.get();
        }
    }
}
