package io.gitops.bumper;

import java.time.Duration;

/**
 * What the core of the bumper needs to know, independent of Quarkus.
 *
 * @param repoName          the config repository as named in events ({@code owner/name} or its URL)
 * @param author            author of the bumper's commits
 * @param committer         committer of the bumper's commits (also how its commits are recognised in the history)
 * @param maxFileBytes      files larger than this are refused unread
 * @param pushMaxAttempts   attempts of one push when the branch keeps moving
 * @param pushFirstBackoff  backoff before the second attempt (exponential, jittered)
 * @param pushMaxBackoff    cap of one backoff
 * @param pullRequestPrefix branch prefix of pull request branches ({@code <prefix>/<app>/<env>})
 * @param historyDepth      commits of the branch read on start to learn the newest build bumped per app/env
 * @param healDepth         commits of the branch scanned for announcements missing after a crash
 * @param healGrace         how old a bumper commit must be before another instance publishes its announcement
 * @param healLookback      commits older than this are never re-announced (the ledger reads as far back)
 */
public record BumperSettings(
        String repoName,
        Identity author,
        Identity committer,
        long maxFileBytes,
        int pushMaxAttempts,
        Duration pushFirstBackoff,
        Duration pushMaxBackoff,
        String pullRequestPrefix,
        int historyDepth,
        int healDepth,
        Duration healGrace,
        Duration healLookback) {

    /** Defaults for tests and tools. */
    public static BumperSettings defaults(String repoName) {
        Identity bot = new Identity("gitops-config-bumper", "config-bumper@gitops.invalid");
        return new BumperSettings(repoName, bot, bot, 1024 * 1024, 10, Duration.ofMillis(20), Duration.ofSeconds(1),
                "gitops/bump", 200, 200, Duration.ofSeconds(30), Duration.ofDays(7));
    }

    public BumperSettings withHealGrace(Duration grace) {
        return new BumperSettings(repoName, author, committer, maxFileBytes, pushMaxAttempts, pushFirstBackoff,
                pushMaxBackoff, pullRequestPrefix, historyDepth, healDepth, grace, healLookback);
    }
}
