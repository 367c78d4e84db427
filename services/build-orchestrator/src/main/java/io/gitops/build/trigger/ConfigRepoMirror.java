package io.gitops.build.trigger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.gitops.build.exec.local.GitCheckout;
import io.gitops.config.ConfigCatalog;
import io.gitops.config.ConfigRepoReader;
import io.gitops.config.Quarantine;
import io.gitops.kit.Outcome;
import io.gitops.kit.Transience;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.jboss.logging.Logger;

/**
 * A clone of the configuration repository, refreshed on a push to it (and periodically), read into a
 * {@link ConfigCatalog} through the shared model. Until the first successful read the catalog is empty and
 * {@link #loaded()} false (readiness is down).
 */
public final class ConfigRepoMirror {

    private static final Logger LOG = Logger.getLogger(ConfigRepoMirror.class);

    private final String url;
    private final String branch;
    private final Optional<String> name;
    private final Path directory;
    private final Optional<UsernamePasswordCredentialsProvider> credentials;
    private final Duration timeout;
    private volatile ConfigCatalog catalog = new ConfigCatalog(Map.of(), Map.of(), Quarantine.EMPTY, List.of());
    private volatile boolean loaded;

    public ConfigRepoMirror(String url, String branch, Optional<String> name, Path directory,
                            Optional<String> username, Optional<String> password, Duration timeout) {
        this.url = url;
        this.branch = branch;
        this.name = name;
        this.directory = directory;
        this.credentials = password.filter(p -> !p.isBlank())
                .map(p -> new UsernamePasswordCredentialsProvider(username.orElse("x-access-token"), p));
        this.timeout = timeout;
    }

    /** Whether {@code repository} (owner/name) is the config repository: its configured name, else its URL's path. */
    public boolean isConfigRepo(String repository) {
        if (repository == null) {
            return false;
        }
        String expected = name.orElseGet(() -> {
            String path = url.replaceAll("\\.git/?$", "");
            String[] parts = path.split("/");
            return parts.length >= 2 ? parts[parts.length - 2] + "/" + parts[parts.length - 1] : path;
        });
        return expected.equalsIgnoreCase(repository);
    }

    /** Fetches the branch and reads the catalog again; the previous catalog stays in use when this fails. */
    public synchronized Outcome<ConfigCatalog> refresh() {
        try {
            if (Files.isDirectory(directory.resolve(".git"))) {
                try (Git git = Git.open(directory.toFile())) {
                    var fetch = git.fetch().setRemote(url).setTimeout((int) timeout.toSeconds())
                            .setRefSpecs(new RefSpec("+refs/heads/" + branch + ":refs/remotes/origin/" + branch));
                    credentials.ifPresent(fetch::setCredentialsProvider);
                    fetch.call();
                    git.reset().setMode(ResetCommand.ResetType.HARD).setRef("refs/remotes/origin/" + branch).call();
                    git.clean().setCleanDirectories(true).setForce(true).call();
                }
            } else {
                GitCheckout.deleteRecursively(directory);
                Files.createDirectories(directory.getParent());
                var clone = Git.cloneRepository().setURI(url).setBranch(branch).setDirectory(directory.toFile())
                        .setTimeout((int) timeout.toSeconds());
                credentials.ifPresent(clone::setCredentialsProvider);
                clone.call().close();
            }
            ConfigCatalog read = ConfigRepoReader.read(directory);
            catalog = read;
            loaded = true;
            read.invalid().forEach((app, problems) -> LOG.warnf("config repository: application %s is invalid: %s",
                    app, problems));
            return Outcome.success(read);
        } catch (GitAPIException | IOException | RuntimeException e) {
            LOG.warnf("config repository %s could not be refreshed: %s", GitCheckout.redact(url), e.getMessage());
            return Transience.failure("config repository " + GitCheckout.redact(url) + " could not be refreshed: "
                    + e.getMessage(), e);
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
}
