package io.gitops.bumper.github;

/** Opens pull requests, idempotently: one open pull request per head branch. */
@FunctionalInterface
public interface PullRequests {

    /**
     * The open pull request from {@code headBranch} into {@code baseBranch}, opened now when there is none.
     *
     * @throws GitHubException when GitHub cannot be asked or refuses
     */
    PullRequest ensure(String headBranch, String baseBranch, String title, String body);
}
