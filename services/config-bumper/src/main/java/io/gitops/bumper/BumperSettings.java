package io.gitops.bumper;

import java.time.Duration;

import io.gitops.bumper.commit.Identity;
import io.gitops.kit.Retry;

/**
 * What the core of the bumper needs to know, independent of Quarkus, grouped by concern.
 *
 * @param repository  the config repository as the bumper reads it
 * @param identity    who the bumper's commits are by
 * @param push        attempts and backoff of one push while the branch keeps moving (fetch, re-plan, retry)
 * @param healing     crash recovery of announcements
 * @param pullRequests pull-request promotion
 */
public record BumperSettings(Repository repository, CommitIdentity identity, Retry push, Healing healing,
                             PullRequests pullRequests) {

    /**
     * @param name         the config repository as named in events ({@code owner/name} or its URL)
     * @param maxFileBytes files larger than this are refused unread
     * @param historyDepth commits of the branch read on start to learn the newest build bumped per app/env
     */
    public record Repository(String name, long maxFileBytes, int historyDepth) {
    }

    /**
     * @param author    author of the bumper's commits
     * @param committer committer of the bumper's commits (also how its commits are recognised in the history)
     */
    public record CommitIdentity(Identity author, Identity committer) {
    }

    /**
     * @param depth    commits of the branch scanned for announcements missing after a crash
     * @param grace    how old a bumper commit must be before another instance publishes its announcement
     * @param lookback commits older than this are never re-announced (the ledger reads as far back)
     */
    public record Healing(int depth, Duration grace, Duration lookback) {
    }

    /** @param branchPrefix branch prefix of pull request branches ({@code <prefix>/<app>/<env>}) */
    public record PullRequests(String branchPrefix) {
    }

    /** Defaults for tests and tools. */
    public static BumperSettings defaults(String repoName) {
        Identity bot = new Identity("gitops-config-bumper", "config-bumper@gitops.invalid");
        return new BumperSettings(new Repository(repoName, 1024 * 1024, 200), new CommitIdentity(bot, bot),
                new Retry(10, Duration.ofMillis(20), Duration.ofSeconds(1)),
                new Healing(200, Duration.ofSeconds(30), Duration.ofDays(7)), new PullRequests("gitops/bump"));
    }

    public BumperSettings withHealGrace(Duration grace) {
        return new BumperSettings(repository, identity, push,
                new Healing(healing.depth(), grace, healing.lookback()), pullRequests);
    }
}
