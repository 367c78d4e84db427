package io.gitops.build;

import io.gitops.kit.lifecycle.ServiceLifecycle;
import io.gitops.kit.lifecycle.ServiceReadiness;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when the broker answers, the service started, the pipeline history was read back (so no commit is built
 * twice) and the config repository was read at least once ({@link BuildLifecycle}'s named checks); the data also
 * shows the pipelines queued and running.
 */
@Readiness
@ApplicationScoped
public class OrchestratorReadiness extends ServiceReadiness {

    @Inject
    BuildRuntime runtime;

    @Override
    protected ServiceLifecycle lifecycle() {
        return runtime.lifecycle();
    }
}
