package io.gitops.sync.testing;

import io.gitops.sandbox.SandboxCluster;

/** What the service runs against in a Quarkus test: the sandbox cluster and the config repository. */
public record SyncStack(SandboxCluster sandbox, ConfigRepoFixture repo, String firstCommit) {
}
