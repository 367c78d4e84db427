package io.gitops.build.trigger;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.gitops.config.ConfigCatalog;
import io.gitops.config.ConfigRepoReader;
import io.gitops.config.Quarantine;
import io.gitops.kit.Outcome;
import io.gitops.kit.Transience;
import io.gitops.kit.git.GitClient;
import io.gitops.kit.git.GitException;
import io.gitops.kit.git.GitRepositorySettings;
import org.jboss.logging.Logger;

/**
 * A clone of the configuration repository (the kit's {@link GitClient}), refreshed on a push to it (and
 * periodically), read into a {@link ConfigCatalog} through the shared model. Until the first successful read the
 * catalog is empty and {@link #loaded()} false (readiness is down, the start-up gate closed).
 */
public final class ConfigRepoMirror implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ConfigRepoMirror.class);

    private final GitRepositorySettings repository;
    private final Path directory;
    private GitClient client;
    private volatile ConfigCatalog catalog = new ConfigCatalog(Map.of(), Map.of(), Quarantine.EMPTY, List.of());
    private volatile boolean loaded;

    public ConfigRepoMirror(GitRepositorySettings repository, Path directory) {
        this.repository = repository;
        this.directory = directory;
    }

    /** Whether {@code repository} (owner/name) is the config repository: its configured name, else its URL's path. */
    public boolean isConfigRepo(String name) {
        return repository.isNamed(name);
    }

    /** Fetches the branch and reads the catalog again; the previous catalog stays in use when this fails. */
    public synchronized Outcome<ConfigCatalog> refresh() {
        try {
            if (client == null) {
                client = GitClient.open(directory, repository);
            } else {
                client.fetch();
            }
            ConfigCatalog read = ConfigRepoReader.read(client.workTree());
            catalog = read;
            loaded = true;
            read.invalid().forEach((app, problems) -> LOG.warnf("config repository: application %s is invalid: %s",
                    app, problems));
            return Outcome.success(read);
        } catch (GitException e) {
            LOG.warnf("config repository could not be refreshed: %s", e.getMessage());
            return Transience.failure(e.getMessage(), e);
        } catch (RuntimeException e) {
            String reason = "config repository " + repository.displayUrl() + " could not be read: " + e.getMessage();
            LOG.warn(reason);
            return Transience.failure(reason, e);
        }
    }

    public ConfigCatalog catalog() {
        return catalog;
    }

    public Path root() {
        return directory;
    }

    public boolean loaded() {
        return loaded;
    }

    /** Releases the clone (it stays on disk); a later {@link #refresh()} opens it again. */
    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
            client = null;
        }
    }
}
