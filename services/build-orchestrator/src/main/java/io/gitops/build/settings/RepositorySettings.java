package io.gitops.build.settings;

import java.time.Duration;
import java.util.List;

import io.gitops.build.BuildConfig;
import io.gitops.kit.git.GitCredentials;
import io.gitops.kit.git.GitRepositorySettings;

/**
 * The Git repositories the orchestrator reads: the configuration repository (in the kit's one repository shape, and
 * how often it is refreshed without a push) and the application repositories (clone URL template, credentials, bound
 * on one checkout, the hosts a {@code source.url} may name: empty = the template's host and github.com). Secrets
 * never show in {@link #toString()}.
 */
public record RepositorySettings(GitRepositorySettings configRepo, Duration configRefreshInterval,
                                 String urlTemplate, GitCredentials credentials, Duration timeout,
                                 List<String> allowedGitHosts) {

    public RepositorySettings {
        allowedGitHosts = List.copyOf(allowedGitHosts);
    }

    /** Settings with the default allowed hosts. */
    public RepositorySettings(GitRepositorySettings configRepo, Duration configRefreshInterval, String urlTemplate,
                              GitCredentials credentials, Duration timeout) {
        this(configRepo, configRefreshInterval, urlTemplate, credentials, timeout, List.of());
    }

    /** @throws IllegalArgumentException for an invalid URL or branch, or ambiguous credentials (at start) */
    public static RepositorySettings from(BuildConfig config) {
        BuildConfig.Git git = config.git();
        return new RepositorySettings(GitRepositorySettings.from(config.configRepo()),
                config.configRepo().refreshInterval(), git.urlTemplate(), GitCredentials.from(git), git.timeout(),
                config.allowedGitHosts().orElse(List.of()));
    }
}
