package io.gitops.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.gitops.events.data.SyncFailed;
import io.gitops.events.data.SyncFailureReason;
import io.gitops.events.data.SyncTrigger;
import io.gitops.gitserver.LocalGitServer;
import io.gitops.sandbox.SandboxCluster;
import io.gitops.sync.engine.SyncOutcome;
import io.gitops.sync.testing.ConfigRepoFixture;
import io.gitops.sync.testing.Engines;
import io.gitops.sync.testing.RecordingSink;
import io.gitops.sync.testing.RejectingApiProxy;
import io.gitops.testing.WithGitServer;
import io.gitops.testing.WithSandbox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An object the API server refuses fails its own app only, with the server's message. */
@WithSandbox(simulate = false)
@WithGitServer
class ApiRejectionIT {

    @TempDir
    Path dir;

    @Test
    void givenAnObjectTheApiServerRejects_whenSynced_thenOnlyItsAppFailsWithTheServersMessage(SandboxCluster sandbox,
            LocalGitServer git) {
        String message = "ConfigMap \\\"refused-config\\\" is invalid: data[bad key]: Invalid value";
        ConfigRepoFixture repo = ConfigRepoFixture.create(git, ConfigRepoFixture.NAME);
        try (RejectingApiProxy proxy = new RejectingApiProxy(sandbox.url(), "/configmaps/refused-config", message);
             KubernetesClient client = new KubernetesClientBuilder().withConfig(new ConfigBuilder(Config.empty())
                     .withMasterUrl(proxy.url()).withHttp2Disable(true).withRequestRetryBackoffLimit(0).build())
                     .build()) {
            repo.addApp("refused", "prod", SyncEngineIT.TAG_1, true, true);
            repo.addApp("accepted", "prod", SyncEngineIT.TAG_1, true, true);
            RecordingSink sink = new RecordingSink();
            try (SyncEngine engine = Engines.engine(client, repo.url(), dir.resolve("work"), sink)) {

                List<SyncOutcome> outcomes = engine.syncAll(SyncTrigger.STARTUP, null);

                assertThat(outcomes).anyMatch(o -> o instanceof SyncOutcome.Applied && o.app().equals("accepted"));
            }
            SyncFailed failed = sink.data(SyncFailed.class).get(0);
            assertThat(failed.app()).isEqualTo("refused");
            assertThat(failed.reason()).isEqualTo(SyncFailureReason.APPLY_FAILED);
            assertThat(failed.error()).contains("HTTP 422").contains("is invalid: data[bad key]");
            assertThat(sandbox.client().apps().deployments().inNamespace("refused-prod").withName("refused").get())
                    .isNull();
        }
    }

    @Test
    void givenAMissingNamespaceAndNamespaceCreationOff_whenSynced_thenTheAppFailsSayingTheNamespaceDoesNotExist(
            SandboxCluster sandbox, LocalGitServer git) {
        ConfigRepoFixture repo = ConfigRepoFixture.create(git, ConfigRepoFixture.NAME + "-gone");
        try (RejectingApiProxy proxy = new RejectingApiProxy(sandbox.url(), "/namespaces/gone-prod/configmaps/gone-config",
                404, "NotFound", "namespaces \\\"gone-prod\\\" not found");
             KubernetesClient client = new KubernetesClientBuilder().withConfig(new ConfigBuilder(Config.empty())
                     .withMasterUrl(proxy.url()).withHttp2Disable(true).withRequestRetryBackoffLimit(0).build())
                     .build()) {
            repo.addApp("gone", "prod", SyncEngineIT.TAG_1, true, true);
            RecordingSink sink = new RecordingSink();
            try (SyncEngine engine = Engines.engine(client, repo.url(), dir.resolve("gone"), sink)) {

                engine.syncAll(SyncTrigger.STARTUP, null);
            }
            SyncFailed failed = sink.data(SyncFailed.class).get(0);
            assertThat(failed.reason()).isEqualTo(SyncFailureReason.APPLY_FAILED);
            assertThat(failed.error()).startsWith("namespace gone-prod does not exist and the sync engine does not"
                    + " create namespaces (gitops.sync.create-namespaces=false)").contains("HTTP 404");
        }
    }
}
