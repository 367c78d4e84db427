package io.gitops.health;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.gitops.kit.config.ServiceConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithParentName;

/**
 * Configuration of the health verifier ({@code gitops.health.*}); see the module README for the table. What every
 * service has (ack timeout, topic creation, start-up timeout, dedupe, retries) is the service kit's
 * {@link ServiceConfig}, under the same prefix ({@code gitops.health.retry.max-attempts}, ...).
 */
@ConfigMapping(prefix = "gitops.health")
public interface HealthVerifierConfig {

    /** The settings every service shares. */
    @WithParentName
    ServiceConfig service();

    /** Health timeout of an app whose settings are not known otherwise ({@code app.yaml}'s default). */
    @WithDefault("300s")
    Duration defaultTimeout();

    /** How long the converged state must hold, for an app whose settings are not known otherwise. */
    @WithDefault("10s")
    Duration defaultMinStable();

    /** Per-app ({@code shop}) or per-app/env ({@code "shop/staging"}) overrides of the two above. */
    Map<String, AppHealth> apps();

    /** A new-revision container restarted more often than this fails the rollout. */
    @WithDefault("2")
    int restartThreshold();

    /** How long a container may fail to pull its image (ErrImagePull/ImagePullBackOff) before the rollout fails. */
    @WithDefault("5s")
    Duration imagePullGrace();

    /** Consecutive observations of a running but unready container (past its probe's initial delay) that fail it. */
    @WithDefault("3")
    int readinessFailures();

    /** Pod informer resync period: every pod is observed at least this often (minimum 1s). */
    @WithDefault("2s")
    Duration observationInterval();

    /** How long a watch waits for a workload with the app's labels to appear before WORKLOAD_MISSING. */
    @WithDefault("5s")
    Duration workloadMissingGrace();

    /** How long opening a watch may take (the informers' first list). */
    @WithDefault("10s")
    Duration informerSyncTimeout();

    /** A rules file replacing the built-in health-rules.yaml. */
    Optional<String> rulesFile();

    /** Health settings of one app (or app/env); unset values fall back to the defaults. */
    interface AppHealth {
        Optional<Duration> timeout();

        Optional<Duration> minStable();
    }
}
