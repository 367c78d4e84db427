package io.gitops.sync.git;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.gitops.config.ConfigCatalog;
import io.gitops.config.ConfigRepoLayout;
import io.gitops.sync.manifest.Digests;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The config repository at one commit: its files checked out under {@link #root()} (read-only by convention), the
 * catalog read from them, and look-ups in the Git history (what last changed an app/env, the ids of the inputs of a
 * render).
 */
public final class ConfigSnapshot {

    private final String commit;
    private final Path root;
    private final ConfigCatalog catalog;
    private final Repository repository;
    private final Map<String, ConfigChange> changes = new ConcurrentHashMap<>();

    ConfigSnapshot(String commit, Path root, ConfigCatalog catalog, Repository repository) {
        this.commit = commit;
        this.root = root;
        this.catalog = catalog;
        this.repository = repository;
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
        try (RevWalk walk = new RevWalk(repository)) {
            RevCommit revCommit = walk.parseCommit(ObjectId.fromString(commit));
            try (TreeWalk tree = TreeWalk.forPath(repository, path, revCommit.getTree())) {
                return tree == null ? "-" : tree.getObjectId(0).name();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the commit that last changed {@code apps/<app>/envs/<env>/values.yaml} says about it. */
    public ConfigChange lastChange(String app, String env) {
        return changes.computeIfAbsent(app + "/" + env, k -> readLastChange(app, env));
    }

    private ConfigChange readLastChange(String app, String env) {
        try (Git git = new Git(repository)) {
            Optional<RevCommit> last = Optional.empty();
            for (RevCommit c : git.log().add(ObjectId.fromString(commit))
                    .addPath(ConfigRepoLayout.valuesFile(app, env)).setMaxCount(1).call()) {
                last = Optional.of(c);
            }
            return last.flatMap(c -> CommitTrailers.find(c.name(), c.getFullMessage(), app, env))
                    .orElse(ConfigChange.NONE);
        } catch (GitAPIException | IOException e) {
            return ConfigChange.NONE;
        }
    }
}
