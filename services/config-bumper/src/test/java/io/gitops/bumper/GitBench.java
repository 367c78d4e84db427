package io.gitops.bumper;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.gitops.bumper.announce.AnnouncementLedger;
import io.gitops.bumper.announce.Announcer;
import io.gitops.bumper.batch.Intent;
import io.gitops.bumper.batch.IntentResult;
import io.gitops.bumper.testing.FakeRegistry;
import io.gitops.bumper.github.PullRequests;
import io.gitops.gitserver.GitCommit;
import io.gitops.gitserver.GitCredentials;
import io.gitops.gitserver.LocalGitServer;
import io.gitops.kit.git.GitClient;
import io.gitops.kit.git.GitRepositorySettings;
import io.gitops.testing.git.GitServers;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * A real Git server over HTTP with basic auth holding the config repository (a fresh one per bench, from test-support,
 * closed and deleted with the bench), and bumper instances against it, cloned under {@code directory}.
 */
final class GitBench implements AutoCloseable {

    static final GitCredentials CREDENTIALS = new GitCredentials("config-bumper", "s3cret-passw0rd");

    final LocalGitServer server;
    private final GitServers.Handle handle;
    private final Path directory;
    private int instances;
    /** The registry every instance confirms digests with: it has every tag unless told otherwise. */
    final FakeRegistry images = new FakeRegistry();

    GitBench(Path directory, Map<String, String> files) {
        this(directory, files, CREDENTIALS);
    }

    GitBench(Path directory, Map<String, String> files, GitCredentials credentials) {
        this.directory = directory;
        this.handle = GitServers.start(Optional.of(credentials));
        this.server = handle.server();
        server.createRepository(Fixtures.OWNER, Fixtures.REPO, Fixtures.BRANCH, files);
    }

    String url() {
        return server.repoUrl(Fixtures.OWNER, Fixtures.REPO);
    }

    io.gitops.kit.git.GitCredentials auth() {
        return io.gitops.kit.git.GitCredentials.basic(CREDENTIALS.username(), CREDENTIALS.password());
    }

    /** The config repository on the bench's server, as the kit's Git client reaches it. */
    GitRepositorySettings repository(io.gitops.kit.git.GitCredentials credentials) {
        return GitRepositorySettings.of(url(), Fixtures.BRANCH, java.util.Optional.of(Fixtures.OWNER + "/"
                + Fixtures.REPO), credentials, java.time.Duration.ofSeconds(10));
    }

    /** One bumper instance with its own clone. */
    record Instance(ConfigBumper core, RecordingAnnouncer announcer, AnnouncementLedger ledger,
                    SimpleMeterRegistry registry) {
        List<IntentResult> process(Intent... intents) {
            return core.process(List.of(intents));
        }
    }

    Instance bumper() {
        return bumper(BumperSettings.defaults(Fixtures.OWNER + "/" + Fixtures.REPO), null, auth());
    }

    Instance bumper(BumperSettings settings, PullRequests pullRequests, io.gitops.kit.git.GitCredentials auth) {
        RecordingAnnouncer announcer = new RecordingAnnouncer();
        AnnouncementLedger ledger = AnnouncementLedger.inMemory(10_000);
        return bumper(settings, pullRequests, auth, announcer, ledger);
    }

    Instance bumper(BumperSettings settings, PullRequests pullRequests, io.gitops.kit.git.GitCredentials auth,
                    Announcer announcer,
                    AnnouncementLedger ledger) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        GitClient git = GitClient.open(directory.resolve("instance-" + (++instances)), repository(auth));
        ConfigBumper core = new ConfigBumper(git, settings, announcer, ledger, pullRequests,
                new BumperMetrics(registry), Clock.systemUTC(), d -> Thread.sleep(d.toMillis()), images);
        return new Instance(core, announcer instanceof RecordingAnnouncer r ? r : new RecordingAnnouncer(), ledger,
                registry);
    }

    String file(String path) {
        return server.readFile(Fixtures.OWNER, Fixtures.REPO, Fixtures.BRANCH, path).orElseThrow();
    }

    List<GitCommit> log() {
        return server.log(Fixtures.OWNER, Fixtures.REPO, Fixtures.BRANCH);
    }

    String head() {
        return server.headOf(Fixtures.OWNER, Fixtures.REPO, Fixtures.BRANCH);
    }

    @Override
    public void close() {
        handle.close();
    }
}
