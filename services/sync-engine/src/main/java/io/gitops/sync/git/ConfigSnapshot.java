package io.gitops.sync.git;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.gitops.config.ConfigCatalog;
import io.gitops.config.ConfigRepoLayout;
import io.gitops.kit.git.CommitInfo;
import io.gitops.kit.git.GitClient;
import io.gitops.kit.git.GitException;
import io.gitops.sync.manifest.Digests;
import org.eclipse.jgit.lib.ObjectId;

/**
 * The config repository at one commit: its files checked out under {@link #root()} (read-only by convention), the
 * catalog read from them, and look-ups in the Git history (what last changed an app/env, the ids of the inputs of a
 * render).
 */
public final class ConfigSnapshot {

    private final String commit;
    private final Path root;
    private final ConfigCatalog catalog;
    private final GitClient git;
    private final Map<String, ConfigChange> changes = new ConcurrentHashMap<>();

    ConfigSnapshot(String commit, Path root, ConfigCatalog catalog, GitClient git) {
        this.commit = commit;
        this.root = root;
        this.catalog = catalog;
        this.git = git;
    }

    /** The config commit (40 hex). */
    public String commit() {
        return commit;
    }

    public Path root() {
        return root;
    }

    public ConfigCatalog catalog() {
        return catalog;
    }

    /**
     * A key of everything a render of (app, env) reads: the Git ids of app.yaml, the values file and the chart
     * directory, with the release name and namespace. Equal keys render equal manifests.
     */
    public String inputKey(String app, String env, String chartPath, String namespace) {
        return Digests.ofText(objectId(ConfigRepoLayout.appFile(app)), objectId(ConfigRepoLayout.valuesFile(app, env)),
                objectId(chartPath), app, namespace);
    }

    private String objectId(String path) {
        return git.objectId(ObjectId.fromString(commit), path).map(ObjectId::name).orElse("-");
    }

    /** What the commit that last changed {@code apps/<app>/envs/<env>/values.yaml} says about it. */
    public ConfigChange lastChange(String app, String env) {
        return changes.computeIfAbsent(app + "/" + env, k -> readLastChange(app, env));
    }

    private ConfigChange readLastChange(String app, String env) {
        try {
            return git.logOfPath(ObjectId.fromString(commit), ConfigRepoLayout.valuesFile(app, env), 1).stream()
                    .findFirst()
                    .flatMap((CommitInfo c) -> CommitTrailers.find(c.name(), c.message(), app, env))
                    .orElse(ConfigChange.NONE);
        } catch (GitException e) {
            return ConfigChange.NONE;
        }
    }
}
