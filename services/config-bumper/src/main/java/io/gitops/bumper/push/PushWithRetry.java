package io.gitops.bumper.push;

import java.util.function.Supplier;

import io.gitops.kit.Retry;
import io.gitops.kit.git.GitClient;
import io.gitops.kit.git.GitException;
import io.gitops.kit.git.PushResult;
import org.eclipse.jgit.lib.ObjectId;

/**
 * Pushes work built on the remote head with the kit's compare-and-swap {@link GitClient#push}, and when someone else
 * moved the branch first (a lost race), fetches the new head, builds the work again on it and retries with backoff,
 * up to a bound. Never forces: every push names the head it was built on as the expected old value of the remote ref.
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
    public sealed interface Result<T> permits Pushed, NothingToPush, Rejected, Failed {
    }

    /** The remote branch is at {@code built.head()} after {@code attempts} attempts. */
    public record Pushed<T>(Built<T> built, int attempts, long nanos) implements Result<T> {
    }

    /** The work changed nothing on the latest head: nothing was pushed. */
    public record NothingToPush<T>(Built<T> built) implements Result<T> {
    }

    /** The remote refused the push for good (e.g. a hook, a protected branch): permanent. */
    public record Rejected<T>(Built<T> built, String reason) implements Result<T> {
    }

    /**
     * The push did not happen: the remote failed ({@code permanent} as the kit's {@link GitException} classifies it)
     * or the branch kept moving for every attempt (transient).
     */
    public record Failed<T>(String reason, boolean permanent) implements Result<T> {
    }

    /** What happens between attempts; tests use it to observe retries. */
    public interface Listener {
        void retrying(int attempt, String conflict);
    }

    private final GitClient git;
    private final Retry backoff;
    private final Retry.Sleeper sleeper;
    private final Listener listener;

    /** @param backoff attempts in all and the backoff between them */
    public PushWithRetry(GitClient git, Retry backoff, Retry.Sleeper sleeper, Listener listener) {
        this.git = git;
        this.backoff = backoff;
        this.sleeper = sleeper;
        this.listener = listener;
    }

    /**
     * Builds on {@code base} and pushes to {@code remoteBranch}; on a lost race asks {@code refresh} for the new head
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
            PushResult outcome;
            try {
                outcome = git.push(remoteBranch, built.head(), expected);
            } catch (GitException e) {
                return new Failed<>(e.getMessage(), !e.isTransient());
            }
            if (outcome instanceof PushResult.Pushed) {
                return new Pushed<>(built, attempt, System.nanoTime() - started);
            }
            PushResult.Rejected rejected = (PushResult.Rejected) outcome;
            if (!rejected.lostRace()) {
                return new Rejected<>(built, rejected.message().isEmpty() ? "rejected by the remote"
                        : rejected.message());
            }
            String conflict = rejected.reason() + (rejected.message().isEmpty() ? "" : ": " + rejected.message());
            if (attempt >= backoff.maxAttempts()) {
                return new Failed<>(remoteBranch + " kept moving: gave up after " + attempt + " attempts (last: "
                        + conflict + ")", false);
            }
            listener.retrying(attempt, conflict);
            try {
                sleeper.sleep(backoff.backoff(attempt));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Failed<>("interrupted while retrying the push to " + remoteBranch, false);
            }
            expected = refresh.get();
        }
    }
}
