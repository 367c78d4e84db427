package io.gitops.bumper.github;

/** An open pull request: its number, its web URL, and whether this call opened it. */
public record PullRequest(int number, String url, boolean created) {
}
