package io.gitops.bumper;

import static io.gitops.bumper.Fixtures.SHOP_PRODUCTION;
import static io.gitops.bumper.Fixtures.SHOP_STAGING;
import static io.gitops.bumper.Fixtures.T0;
import static io.gitops.bumper.Fixtures.sha;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import io.gitops.bumper.batch.Intent;
import io.gitops.bumper.batch.IntentResult;
import io.gitops.bumper.targets.TargetResult;
import io.gitops.events.Event;
import io.gitops.events.data.RolloutFailed;
import io.gitops.events.data.RolloutFailureReason;
import io.gitops.kit.Outcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checks a batch makes before it writes a bump (a real Git server, a fake registry): the image repository must be
 * the app's, and the registry must confirm the tag's digest, which the values then pin next to the tag.
 */
class RegistryCheckIT {

    static final String NEW = sha("registry-new");

    @TempDir
    Path dir;

    GitBench bench;
    String before;

    @BeforeEach
    void startServer() {
        bench = new GitBench(dir, Fixtures.seed());
        before = bench.head();
    }

    @AfterEach
    void stopServer() {
        bench.close();
    }

    static Intent bump(String repository, String digest) {
        return Intent.of(Fixtures.artifact("shop", NEW, T0, repository, digest, NEW, "build-orchestrator"));
    }

    static double refused(GitBench.Instance bumper, String reason) {
        return bumper.registry().get(BumperMetrics.ARTIFACTS_REFUSED).tag("reason", reason).counter().count();
    }

    @Test
    void givenAnArtifactTheRegistryConfirms_whenProcessed_thenTheValuesPinItsDigestNextToTheTag() {
        GitBench.Instance bumper = bench.bumper();
        String digest = Fixtures.digest("shop", NEW);

        List<IntentResult> results = bumper.process(bump("registry.local:5000/shop", digest));

        assertThat(results.get(0).outcome()).isInstanceOf(Outcome.Success.class);
        assertThat(bench.file(SHOP_STAGING)).isEqualTo(Fixtures.values(NEW, digest));
        assertThat(bench.file(SHOP_PRODUCTION)).isEqualTo(Fixtures.values(NEW, digest));
        assertThat(bench.images.asked()).containsExactly("registry.local:5000/shop:" + NEW);
    }

    @Test
    void givenAnImageRepositoryThatIsNotTheApps_whenProcessed_thenItIsRefusedWithoutAskingThatRegistry() {
        GitBench.Instance bumper = bench.bumper();

        List<IntentResult> results = bumper.process(bump("evil.example/shop", null));

        assertThat(results.get(0).outcome()).isInstanceOfSatisfying(Outcome.PermanentFailure.class, p -> assertThat(
                p.reason()).contains("refused: image repository 'evil.example/shop' is not shop's",
                "apps/shop/app.yaml names registry.local:5000/shop"));
        assertThat(bench.head()).isEqualTo(before);
        assertThat(bench.images.asked()).isEmpty();
        assertThat(refused(bumper, "repository")).isEqualTo(1.0);
    }

    @Test
    void givenATagTheRegistryDoesNotHave_whenProcessed_thenItIsRefusedPermanentlyAndNothingIsCommitted() {
        GitBench.Instance bumper = bench.bumper();
        bench.images.without(NEW);

        List<IntentResult> results = bumper.process(bump("registry.local:5000/shop", null));

        assertThat(results.get(0).outcome()).isInstanceOfSatisfying(Outcome.PermanentFailure.class, p -> assertThat(
                p.reason()).contains("refused: the registry does not have registry.local:5000/shop:" + NEW));
        assertThat(bench.head()).isEqualTo(before);
        assertThat(refused(bumper, "digest")).isEqualTo(1.0);
    }

    @Test
    void givenAnEventDigestTheRegistryDoesNotName_whenProcessed_thenItIsRefusedAndNothingIsCommitted() {
        GitBench.Instance bumper = bench.bumper();
        String forged = "sha256:" + "ab".repeat(32);

        List<IntentResult> results = bumper.process(bump("registry.local:5000/shop", forged));

        assertThat(results.get(0).outcome()).isInstanceOfSatisfying(Outcome.PermanentFailure.class, p -> assertThat(
                p.reason()).contains("refused: the registry names " + Fixtures.digest("shop", NEW), forged));
        assertThat(bench.head()).isEqualTo(before);
        assertThat(refused(bumper, "digest")).isEqualTo(1.0);
    }

    @Test
    void givenAnUnreachableRegistry_whenProcessed_thenItFailsTransientlyAndNothingIsCommitted() {
        GitBench.Instance bumper = bench.bumper();
        bench.images.down(true);

        List<IntentResult> results = bumper.process(bump("registry.local:5000/shop", null));

        assertThat(results.get(0).outcome()).isInstanceOfSatisfying(Outcome.TransientFailure.class, t -> assertThat(
                t.reason()).contains("cannot confirm registry.local:5000/shop:" + NEW, "unreachable"));
        assertThat(bench.head()).isEqualTo(before);
        assertThat(refused(bumper, "digest")).isZero();
    }

    @Test
    void givenARefusedArtifactInABatch_whenProcessed_thenTheOtherAppsBumpIsStillCommitted() {
        GitBench.Instance bumper = bench.bumper();

        List<IntentResult> results = bumper.process(bump("evil.example/shop", null), Fixtures.bump("web", NEW, T0));

        assertThat(results.get(0).outcome()).isInstanceOf(Outcome.PermanentFailure.class);
        assertThat(results.get(1).outcome()).isInstanceOf(Outcome.Success.class);
        assertThat(bench.file(Fixtures.WEB_STAGING)).contains("tag: " + NEW, Fixtures.digest("web", NEW));
        assertThat(bench.file(SHOP_STAGING)).doesNotContain(NEW);
    }

    @Test
    void givenAFailedRolloutAfterADigestBump_whenReverted_thenTheDigestGoesBackToTheOneOfTheLastHealthyRevision() {
        GitBench.Instance bumper = bench.bumper();
        String good = sha("registry-good");
        bumper.process(Fixtures.bump("shop", good, T0));
        String healthyRevision = bench.head();
        String bad = sha("registry-bad");
        bumper.process(Fixtures.bump("shop", bad, T0.plusSeconds(60)));

        List<IntentResult> results = bumper.process(Intent.of(verdict(bad, good, healthyRevision)));

        assertThat(results.get(0).targets()).singleElement().isInstanceOf(TargetResult.Changed.class);
        assertThat(bench.file(SHOP_STAGING)).isEqualTo(Fixtures.values(good, Fixtures.digest("shop", good)));
        assertThat(bench.file(SHOP_PRODUCTION)).isEqualTo(Fixtures.values(bad, Fixtures.digest("shop", bad)));
    }

    static Event<RolloutFailed> verdict(String failedTag, String lastHealthyTag, String lastHealthyRevision) {
        RolloutFailed data = new RolloutFailed("shop", "staging", "shop-staging", sha("revision-" + failedTag),
                List.of("registry.local:5000/shop:" + failedTag), failedTag, RolloutFailureReason.CRASH_LOOP,
                "crash loop", "Deployment/shop", true, lastHealthyRevision, lastHealthyTag, 4000, T0.plusSeconds(3600));
        return Event.of(data).idFrom("rollout.failed", "shop", "staging", failedTag).source("health-verifier")
                .correlationId(failedTag).time(T0.plusSeconds(3600)).build();
    }
}
