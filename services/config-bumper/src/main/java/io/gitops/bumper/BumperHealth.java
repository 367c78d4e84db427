package io.gitops.bumper;

import java.time.Duration;

import io.gitops.bumper.git.GitWorkspace;
import io.gitops.kit.TopicAdmin;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/** Health: ready when the broker answers, the config repository is fetchable and past announcements are loaded. */
public final class BumperHealth {

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    private BumperHealth() {
    }

    /** Ready = broker reachable, config repository answers, announcement ledger loaded. */
    @Readiness
    @ApplicationScoped
    public static class Ready implements HealthCheck {

        @Inject
        BumperRuntime runtime;

        private Admin admin;

        @Override
        public HealthCheckResponse call() {
            boolean broker = TopicAdmin.reachable(admin(), PROBE_TIMEOUT);
            boolean repository = GitWorkspace.answers(runtime.config().repo().url(), runtime.auth(),
                    runtime.config().git().timeout().compareTo(PROBE_TIMEOUT) < 0
                            ? runtime.config().git().timeout() : PROBE_TIMEOUT);
            boolean ledger = runtime.ledgerLoaded();
            return HealthCheckResponse.named("config-bumper")
                    .status(broker && repository && ledger)
                    .withData("brokerReachable", broker)
                    .withData("configRepositoryFetchable", repository)
                    .withData("announcementsLoaded", ledger)
                    .build();
        }

        private synchronized Admin admin() {
            if (admin == null) {
                runtime.handler();
                admin = TopicAdmin.admin(runtime.bootstrapServers(), PROBE_TIMEOUT);
            }
            return admin;
        }

        @PreDestroy
        synchronized void close() {
            if (admin != null) {
                admin.close(Duration.ofSeconds(1));
            }
        }
    }

    /** Live = the writer thread still takes batches. */
    @Liveness
    @ApplicationScoped
    public static class Live implements HealthCheck {

        @Inject
        BumperRuntime runtime;

        @Override
        public HealthCheckResponse call() {
            runtime.handler();
            return HealthCheckResponse.named("config-bumper-writer").status(runtime.writerAlive()).build();
        }
    }
}
