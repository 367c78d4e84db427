package io.gitops.sync.testing;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.gitops.kit.git.GitCredentials;
import io.gitops.kit.git.GitRepositorySettings;
import io.gitops.sync.SyncEngine;
import io.gitops.sync.SyncMetrics;
import io.gitops.sync.SyncSettings;
import io.gitops.sync.cluster.KubeApi;
import io.gitops.sync.cluster.RateLimiter;
import io.gitops.sync.git.ConfigRepo;
import io.gitops.sync.history.ConfigMapHistoryStore;
import io.gitops.sync.render.HelmChartRenderer;
import io.gitops.sync.shard.Ownership;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** Builds a real engine (JGit clone, helm-java, server-side apply, ConfigMap history) for tests. */
public final class Engines {

    public static final String HISTORY_NAMESPACE = "gitops-system";

    private Engines() {
    }

    public static SyncEngine engine(KubernetesClient client, String repoUrl, Path workDir, SyncSettings settings,
                                    Ownership ownership, RecordingSink sink) {
        KubeApi api = api(client);
        return new SyncEngine(settings, configRepo(repoUrl, workDir, Duration.ofSeconds(20)), new HelmChartRenderer(),
                api, new ConfigMapHistoryStore(api, HISTORY_NAMESPACE, settings.createNamespaces()), ownership, sink,
                new SyncMetrics(new SimpleMeterRegistry()), Clock.systemUTC());
    }

    public static SyncEngine engine(KubernetesClient client, String repoUrl, Path workDir, RecordingSink sink) {
        return engine(client, repoUrl, workDir, SyncSettings.defaults(ConfigRepoFixture.FULL_NAME), Ownership.ALL,
                sink);
    }

    /** The engine's clone of the config repository at {@code repoUrl} (anonymous), under {@code workDir}. */
    public static ConfigRepo configRepo(String repoUrl, Path workDir, Duration timeout) {
        return new ConfigRepo(GitRepositorySettings.of(repoUrl, ConfigRepoFixture.BRANCH, Optional.empty(),
                GitCredentials.none(), timeout), workDir);
    }

    public static KubeApi api(KubernetesClient client) {
        return new KubeApi(client, RateLimiter.unlimited(), SyncSettings.FIELD_MANAGER);
    }
}
