package io.gitops.health.input;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.gitops.events.Event;
import io.gitops.events.data.AppHealth;
import io.gitops.events.data.RolledBack;
import io.gitops.events.data.SyncStarted;
import io.gitops.events.data.SyncSucceeded;
import io.gitops.events.data.SyncTrigger;
import io.gitops.health.model.AppEnv;
import io.gitops.health.model.HealthSettings;
import io.gitops.health.model.RolloutRequest;
import io.gitops.kit.Outcome;
import org.junit.jupiter.api.Test;

/** Which sync events ask for a rollout to be judged, and with which health settings. */
class RolloutRequestsTest {

    private static final Instant T0 = Instant.parse("2026-11-27T10:02:02Z");
    private static final HealthSettings DEFAULTS = new HealthSettings(Duration.ofSeconds(300), Duration.ofSeconds(10));
    private static final HealthSettings SHOP = new HealthSettings(Duration.ofSeconds(120), Duration.ofSeconds(5));
    private static final HealthSettings SHOP_PROD = new HealthSettings(Duration.ofSeconds(600), Duration.ofSeconds(30));

    private final RolloutRequests requests = new RolloutRequests(new HealthSettingsResolver(DEFAULTS,
            Map.of("shop", SHOP, "shop/prod", SHOP_PROD)));

    static SyncSucceeded succeeded(String app, String env, boolean changed) {
        return succeeded(app, env, changed, null);
    }

    static SyncSucceeded succeeded(String app, String env, boolean changed, AppHealth health) {
        return new SyncSucceeded(app, env, app + "-" + env, "4e5d6c7b8a9f0e1d2c3b4a59687766554433221a", null,
                "sha256:cd", List.of("registry.local:5000/" + app + ":9f2c1e4b"), "9f2c1e4b", T0.minusSeconds(120),
                4, 0, changed, 800, SyncTrigger.CONFIG_CHANGED, T0, health);
    }

    private Optional<RolloutRequest> map(Event<?> event) {
        Outcome<Optional<RolloutRequest>> outcome = requests.from(event);
        return ((Outcome.Success<Optional<RolloutRequest>>) outcome).value();
    }

    @Test
    void appliedChangeIsARequestWithTheAppsConfiguredSettings() {
        // Given a sync that applied changes to shop/staging
        Event<SyncSucceeded> event = Event.of(succeeded("shop", "staging", true)).idFrom("s1").source("sync-engine")
                .correlationId("9f2c1e4b").build();

        // When it is mapped
        RolloutRequest request = map(event).orElseThrow();

        // Then it is an applied change with the sync's facts and shop's override
        assertThat(request.cause()).isEqualTo(RolloutRequest.Cause.APPLIED);
        assertThat(request.appEnv()).isEqualTo(new AppEnv("shop", "staging"));
        assertThat(request.namespace()).isEqualTo("shop-staging");
        assertThat(request.causeEventId()).isEqualTo(event.id());
        assertThat(request.sourceCommitTime()).isEqualTo(T0.minusSeconds(120));
        assertThat(request.requestedAt()).isEqualTo(T0);
        assertThat(request.health()).isEqualTo(SHOP);
    }

    @Test
    void appEnvOverrideWinsOverTheAppOverride() {
        // Given a sync of shop/prod
        Event<SyncSucceeded> event = Event.of(succeeded("shop", "prod", true)).idFrom("s2").source("sync-engine").build();

        // When it is mapped
        RolloutRequest request = map(event).orElseThrow();

        // Then shop/prod's settings apply
        assertThat(request.health()).isEqualTo(SHOP_PROD);
        assertThat(request.correlationId()).isEqualTo("9f2c1e4b");
    }

    @Test
    void healthSettingsCarriedByTheSyncEventWinOverConfiguration() {
        // Given a sync event carrying the app.yaml health block of the applied revision
        Event<SyncSucceeded> event = Event.of(succeeded("shop", "staging", true, new AppHealth(90, 3))).idFrom("s3")
                .source("sync-engine").build();

        // When it is mapped
        RolloutRequest request = map(event).orElseThrow();

        // Then those settings are used
        assertThat(request.health()).isEqualTo(new HealthSettings(Duration.ofSeconds(90), Duration.ofSeconds(3)));
    }

    @Test
    void inconsistentHealthSettingsInTheEventFallBackToConfiguration() {
        // Given a sync event whose health block has minStable not below the timeout
        Event<SyncSucceeded> event = Event.of(succeeded("web", "staging", true, new AppHealth(10, 10))).idFrom("s4")
                .source("sync-engine").build();

        // When it is mapped
        RolloutRequest request = map(event).orElseThrow();

        // Then the defaults apply
        assertThat(request.health()).isEqualTo(DEFAULTS);
    }

    @Test
    void syncThatChangedNothingAsksForNoRollout() {
        // Given a no-op sync
        Event<SyncSucceeded> event = Event.of(succeeded("shop", "staging", false)).idFrom("s5").source("sync-engine")
                .build();

        // When it is mapped
        Optional<RolloutRequest> request = map(event);

        // Then there is nothing to judge
        assertThat(request).isEmpty();
    }

    @Test
    void rollbackIsARestoreOfTheLastHealthyRevision() {
        // Given a rollback to revision 0a1b2c3d
        Event<RolledBack> event = Event.of(new RolledBack("shop", "staging", "shop-staging", "4e5d6c7b", "0a1b2c3d",
                "sha256:ef", List.of("registry.local:5000/shop:1b2c3d4e"), 4, "CRASH_LOOP", 180, T0))
                .idFrom("rb1").source("sync-engine").build();

        // When it is mapped
        RolloutRequest request = map(event).orElseThrow();

        // Then the restored revision is watched as a restore
        assertThat(request.cause()).isEqualTo(RolloutRequest.Cause.RESTORED);
        assertThat(request.revision()).isEqualTo("0a1b2c3d");
        assertThat(request.appImageTag()).isEqualTo("1b2c3d4e");
        assertThat(request.sourceCommitTime()).isNull();
    }

    @Test
    void otherSyncEventsAskForNothing() {
        // Given a sync.started event
        Event<SyncStarted> event = Event.of(new SyncStarted("shop", "staging", "shop-staging", "r1",
                SyncTrigger.POLL, T0)).idFrom("st").source("sync-engine").build();

        // When it is mapped
        Optional<RolloutRequest> request = map(event);

        // Then there is nothing to judge
        assertThat(request).isEmpty();
    }

    @Test
    void syncEventsFromAnotherSourceArePermanentFailuresNamingTheSource() {
        // Given a sync.succeeded and a sync.rolled-back published by someone other than the sync engine
        Event<SyncSucceeded> applied = Event.of(succeeded("shop", "staging", true)).idFrom("f1").source("intruder")
                .build();
        Event<RolledBack> restored = Event.of(new RolledBack("shop", "staging", "shop-staging", "4e5d6c7b",
                "0a1b2c3d", "sha256:ef", List.of("registry.local:5000/shop:1b2c3d4e"), 4, "CRASH_LOOP", 180, T0))
                .idFrom("f2").source("intruder").build();

        // When they are mapped
        Outcome<Optional<RolloutRequest>> fromApplied = requests.from(applied);
        Outcome<Optional<RolloutRequest>> fromRestored = requests.from(restored);

        // Then neither starts a watch, and each says whom it came from
        assertThat(fromApplied).isInstanceOfSatisfying(Outcome.PermanentFailure.class, p -> assertThat(p.reason())
                .isEqualTo("refused: io.gitops.sync.succeeded.v1 from /gitops/intruder, not from the sync-engine "
                        + "(/gitops/sync-engine)"));
        assertThat(fromRestored).isInstanceOfSatisfying(Outcome.PermanentFailure.class, p -> assertThat(p.reason())
                .contains("io.gitops.sync.rolled-back.v1 from /gitops/intruder"));
    }

    @Test
    void invalidNamesArePermanentFailures() {
        // Given a sync of an app whose name is not a DNS-1123 label
        Event<SyncSucceeded> event = Event.of(succeeded("Shop_1", "staging", true)).idFrom("s6").source("sync-engine")
                .build();

        // When it is mapped
        Outcome<Optional<RolloutRequest>> outcome = requests.from(event);

        // Then it can never be judged
        assertThat(outcome).isInstanceOfSatisfying(Outcome.PermanentFailure.class,
                p -> assertThat(p.reason()).contains("app 'Shop_1' is not a DNS-1123 label"));
    }
}
