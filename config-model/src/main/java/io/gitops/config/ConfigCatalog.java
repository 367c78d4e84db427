package io.gitops.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a checkout of the configuration repository declares: the valid applications, the problems of each broken
 * one (which never affect the others), and the quarantine list.
 *
 * @param apps          valid applications by name
 * @param invalid       problems by application directory name, for applications that could not be read
 * @param quarantine    the quarantine list (empty when the file is absent)
 * @param repoProblems  problems not tied to one application (e.g. an unreadable quarantine file)
 */
public record ConfigCatalog(
        Map<String, AppConfig> apps,
        Map<String, List<ConfigProblem>> invalid,
        Quarantine quarantine,
        List<ConfigProblem> repoProblems) {

    public ConfigCatalog {
        apps = Map.copyOf(apps);
        invalid = Map.copyOf(invalid);
        repoProblems = List.copyOf(repoProblems);
    }

    public Optional<AppConfig> app(String name) {
        return Optional.ofNullable(apps.get(name));
    }

    /** Valid applications whose source is {@code repoFullName} (compared case-insensitively, as GitHub does). */
    public List<AppConfig> appsForSourceRepo(String repoFullName) {
        return apps.values().stream()
                .filter(a -> a.source().repo().equalsIgnoreCase(repoFullName))
                .sorted(java.util.Comparator.comparing(AppConfig::name))
                .toList();
    }
}
