package io.gitops.bumper.runtime;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.gitops.kit.config.ServiceConfig;
import io.gitops.kit.git.GitRepositoryConfig;
import io.gitops.kit.git.github.GitHubAppConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithParentName;

/** Configuration of the config-bumper ({@code gitops.bumper.*}); see the module README for the table. */
@ConfigMapping(prefix = "gitops.bumper")
public interface BumperConfig {

    /**
     * What every service has: {@code ack-timeout}, {@code create-topics}, {@code replication-factor},
     * {@code startup-timeout}, {@code dedupe-capacity}, {@code retry.*} (the bumper's retry defaults are set in
     * {@code application.properties}).
     */
    @WithParentName
    ServiceConfig service();

    /**
     * The config repository in the kit's one shape for a repository ({@code repo.url}, {@code branch}, {@code name},
     * {@code username}, {@code password}, {@code password-file}, {@code token}, {@code token-file}, {@code timeout}).
     */
    GitRepositoryConfig repo();

    /** Where the warm clone lives (a subdirectory per remote and branch). Default: {@code <tmp>/gitops-config-bumper}. */
    Optional<Path> workDir();

    Git git();

    GitHub github();

    /** Bumps arriving within this window are coalesced into one commit (latest build per app/env wins). */
    @WithDefault("200ms")
    Duration coalesceWindow();

    /** Most intents in one batch; a fuller window is flushed at once. */
    @WithDefault("500")
    int maxBatch();

    Push push();

    /** Branch prefix for pull-request promotion: {@code <prefix>/<app>/<env>}. */
    @WithDefault("gitops/bump")
    String pullRequestBranchPrefix();

    /** Files (app.yaml, values, quarantine) larger than this are refused unread. */
    @WithDefault("1048576")
    long maxFileBytes();

    /** Commits of the branch read on start to learn the newest build bumped per app/env (older builds are skipped). */
    @WithDefault("200")
    int historyDepth();

    Heal heal();

    /** How long a consumer waits for its batch to be committed, pushed and announced. */
    @WithDefault("5m")
    Duration handlerTimeout();

    /** What an artifact must pass before it is bumped. */
    Artifacts artifacts();

    /** The registry that confirms an artifact's digest. */
    Registry registry();

    /** The checks of {@code artifact.published}. */
    interface Artifacts {
        /** How long an artifact waits for its pipeline's successful {@code pipeline.finished} before it is refused. */
        @WithDefault("30s")
        Duration pipelineWait();

        /** How far back {@code gitops.pipeline.v1} is read on start. */
        @WithDefault("168h")
        Duration pipelineLookback();

        /** Finished pipelines remembered (oldest forgotten first). */
        @WithDefault("100000")
        int pipelineCapacity();
    }

    /** The image registry, read-only: the same keys as the build-orchestrator's {@code gitops.build.registry.*}. */
    interface Registry {
        /** Registry hosts spoken to over plain HTTP (loopback registries). */
        @WithDefault("127.0.0.1,localhost")
        List<String> insecureHosts();

        /** User for an OCI registry that needs basic auth (not ECR: ECR is asked through its API). */
        Optional<String> username();

        /** Its password, from the environment; never logged. */
        Optional<String> password();

        /** Amazon ECR ({@code DescribeImages}; AWS credentials from the SDK's default chain). */
        Ecr ecr();

        /** Bound on one registry call. */
        @WithDefault("10s")
        Duration timeout();

        /** OCI image layouts on disk instead of a registry server (the embedded stack without docker-registry). */
        Layout layout();
    }

    /** Amazon ECR. */
    interface Ecr {
        /** API endpoint override, for tests only. */
        Optional<URI> endpointOverride();
    }

    /** OCI image layouts on disk, as the build-orchestrator writes them. */
    interface Layout {
        /** When set, tags are read from the OCI image layouts under this directory ({@code <dir>/<path>}). */
        Optional<Path> directory();

        /** Repository hosts whose images are in the layouts; empty: every host. */
        Optional<List<String>> hosts();
    }

    /** Who the bumper's commits are by (credentials and timeouts are the repository's: {@code repo.*}). */
    interface Git {
        @WithDefault("gitops-config-bumper")
        String authorName();

        @WithDefault("config-bumper@gitops.invalid")
        String authorEmail();

        /** Default: the author name. */
        Optional<String> committerName();

        /** Default: the author email. Commits by this email are the bumper's (crash recovery reads them). */
        Optional<String> committerEmail();
    }

    /** The GitHub App (the kit's shared shape: api-url, app-id, installation-id, private-key-file, ...) and REST API. */
    interface GitHub extends GitHubAppConfig {
        /** {@code owner/name} of the config repository on GitHub; needed for pull-request promotion. */
        Optional<String> repository();
    }

    /** Pushes racing other writers. */
    interface Push {
        /** Attempts of one push when the branch keeps moving (fetch, re-apply, retry). */
        @WithDefault("10")
        int maxAttempts();

        @WithDefault("50ms")
        Duration firstBackoff();

        @WithDefault("2s")
        Duration maxBackoff();
    }

    /** Crash recovery of announcements. */
    interface Heal {
        /** Commits of the branch scanned for bumper commits without config.changed. */
        @WithDefault("200")
        int depth();

        /** A commit of another live instance is left to it for this long. */
        @WithDefault("30s")
        Duration grace();

        /** How far back the topic is read, and commits are considered. */
        @WithDefault("168h")
        Duration lookback();

        /** How often the clone is fetched to heal and stay warm when no events arrive. */
        @WithDefault("60s")
        Duration interval();
    }
}
