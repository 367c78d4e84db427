package io.gitops.build.settings;

import java.time.Duration;
import java.util.Optional;

import io.gitops.build.BuildConfig;

/**
 * The Git repositories the orchestrator reads: the configuration repository (and how often it is refreshed without a
 * push) and the application repositories (clone URL template, credentials, bound on one clone or fetch).
 */
public record RepositorySettings(String configUrl, String configBranch, Optional<String> configName,
                                 Duration configRefreshInterval, String urlTemplate, Optional<String> username,
                                 Optional<String> password, Duration timeout) {

    public static RepositorySettings from(BuildConfig config) {
        BuildConfig.ConfigRepo repo = config.configRepo();
        BuildConfig.Git git = config.git();
        return new RepositorySettings(repo.url(), repo.branch(), repo.name(), repo.refreshInterval(),
                git.urlTemplate(), git.username(), git.password(), git.timeout());
    }

    @Override
    public String toString() {
        return "RepositorySettings[configUrl=" + configUrl + ", configBranch=" + configBranch + ", urlTemplate="
                + urlTemplate + ", username=" + username + ", password=" + password.map(p -> "****") + "]";
    }
}
