package io.gitops.bumper.runtime;

import io.gitops.kit.lifecycle.ServiceLifecycle;
import io.gitops.kit.lifecycle.ServiceReadiness;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when the kit's checks pass (broker answers, started) and the bumper's own: the config repository is
 * fetchable ({@code ls-remote}) and the announcements already on {@code config.changed} are loaded.
 */
@Readiness
@ApplicationScoped
public class BumperReadiness extends ServiceReadiness {

    @Inject
    BumperRuntime runtime;

    @Override
    protected ServiceLifecycle lifecycle() {
        return runtime.serviceLifecycle();
    }
}
