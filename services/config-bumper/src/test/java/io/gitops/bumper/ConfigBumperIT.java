package io.gitops.bumper;

import static io.gitops.bumper.Fixtures.OLD_TAG;
import static io.gitops.bumper.Fixtures.QUARANTINE;
import static io.gitops.bumper.Fixtures.SHOP_PRODUCTION;
import static io.gitops.bumper.Fixtures.SHOP_STAGING;
import static io.gitops.bumper.Fixtures.T0;
import static io.gitops.bumper.Fixtures.WEB_STAGING;
import static io.gitops.bumper.Fixtures.sha;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.gitops.bumper.batch.Intent;
import io.gitops.bumper.batch.IntentResult;
import io.gitops.bumper.targets.TargetResult;
import io.gitops.config.Quarantine;
import io.gitops.events.Event;
import io.gitops.events.EventIds;
import io.gitops.events.data.ChangeCause;
import io.gitops.events.data.ConfigChanged;
import io.gitops.gitserver.GitCommit;
import io.gitops.kit.Outcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigBumperIT {

    static final String NEW = sha("new");
    static final String BAD = sha("bad");

    @TempDir
    Path dir;

    GitBench bench;

    @BeforeEach
    void startServer() {
        Map<String, String> files = new LinkedHashMap<>(Fixtures.seed());
        files.put("apps/broken/app.yaml", Fixtures.appYaml("broken", null, "staging"));
        files.put("apps/broken/envs/staging/values.yaml", "image:\n  tag: [unclosed\n");
        files.put("apps/fresh/app.yaml", Fixtures.appYaml("fresh", null, "staging"));
        bench = new GitBench(dir, files);
    }

    @AfterEach
    void stopServer() {
        bench.close();
    }

    @Test
    void givenAnArtifact_whenProcessed_thenEveryEnvironmentIsBumpedInOneCommitWithTrailersAndAnnouncedAfterThePush() {
        GitBench.Instance bumper = bench.bumper();
        String before = bench.head();
        Intent intent = Fixtures.bump("shop", NEW, T0);

        List<IntentResult> results = bumper.process(intent);

        assertThat(results.get(0).outcome()).isInstanceOf(Outcome.Success.class);
        assertThat(results.get(0).targets()).allMatch(TargetResult.Changed.class::isInstance).hasSize(2);
        GitCommit commit = bench.log().get(0);
        assertThat(commit.parents()).containsExactly(before);
        assertThat(commit.subject()).isEqualTo("Bump 2 environments: shop/staging, shop/production");
        assertThat(commit.changedPaths()).containsExactlyInAnyOrder(SHOP_STAGING, SHOP_PRODUCTION);
        assertThat(commit.author().email()).isEqualTo("config-bumper@gitops.invalid");
        assertThat(commit.message()).contains("Gitops-App: shop\nGitops-Env: staging\nGitops-Tag: " + NEW,
                "Gitops-Source-Commit: " + NEW, "Gitops-Source-Commit-Time: " + T0, "Gitops-Pipeline: pl-shop-",
                "Gitops-Cause: bump");
        assertThat(bench.file(SHOP_STAGING)).isEqualTo(Fixtures.values(NEW, Fixtures.digest("shop", NEW)));
        List<Event<ConfigChanged>> events = bumper.announcer().snapshot();
        assertThat(events).extracting(e -> e.data().env()).containsExactly("staging", "production");
        Event<ConfigChanged> staging = events.get(0);
        assertThat(staging.id()).isEqualTo(EventIds.stable("config.changed", "shop", "staging", commit.sha()));
        assertThat(staging.key()).isEqualTo("shop/staging");
        assertThat(staging.causationId()).isEqualTo(intent.event().id());
        assertThat(staging.correlationId()).isEqualTo(NEW);
        assertThat(staging.data()).isEqualTo(new ConfigChanged("shop", "staging", "acme/gitops-config", "main",
                commit.sha(), before, OLD_TAG, NEW, ChangeCause.BUMP, null, NEW, T0, "pl-shop-" + NEW.substring(0, 12),
                null, staging.data().changedAt()));
    }

    @Test
    void givenAValuesKeyConfiguredForTheApp_whenBumped_thenThatKeyIsWritten() {
        GitBench.Instance bumper = bench.bumper();

        bumper.process(Fixtures.bump("web", NEW, T0));

        assertThat(bench.file(WEB_STAGING)).isEqualTo("app:\n  image:\n    tag: " + NEW + "\n    digest: \""
                + Fixtures.digest("web", NEW) + "\"\n");
    }

    @Test
    void givenAnEnvironmentWithoutAValuesFile_whenBumped_thenTheFileIsCreatedWithTheKey() {
        GitBench.Instance bumper = bench.bumper();

        bumper.process(Fixtures.bump("fresh", NEW, T0));

        assertThat(bench.file("apps/fresh/envs/staging/values.yaml")).isEqualTo("image:\n  tag: " + NEW
                + "\n  digest: \"" + Fixtures.digest("fresh", NEW) + "\"\n");
    }

    @Test
    void givenTheTagIsAlreadyInGit_whenBumpedAgain_thenThereIsNoCommitAndNoAnnouncement() {
        GitBench.Instance bumper = bench.bumper();
        bumper.process(Fixtures.bump("web", NEW, T0));
        String head = bench.head();

        List<IntentResult> results = bumper.process(Fixtures.bump("web", NEW, T0));

        assertThat(results.get(0).targets()).singleElement().isInstanceOf(TargetResult.Unchanged.class);
        assertThat(bench.head()).isEqualTo(head);
        assertThat(bumper.announcer().snapshot()).hasSize(1);
    }

    @Test
    void givenAQuarantinedTag_whenBumped_thenItIsRefusedForEveryEnvironmentWithoutACommit() {
        GitBench.Instance bumper = bench.bumper();
        String head = bench.head();

        List<IntentResult> results = bumper.process(Fixtures.bump("shop", sha("known-bad"), T0));

        assertThat(results.get(0).targets()).hasSize(2).allSatisfy(t -> assertThat(t)
                .isInstanceOfSatisfying(TargetResult.Refused.class, r -> assertThat(r.reason()).contains("quarantined")));
        assertThat(results.get(0).outcome()).isInstanceOf(Outcome.Success.class);
        assertThat(bench.head()).isEqualTo(head);
    }

    @Test
    void givenSeveralBuildsOfOneAppInOneBatch_whenProcessed_thenTheNewestSourceCommitWinsNotTheLastArrival() {
        GitBench.Instance bumper = bench.bumper();
        String newest = sha("newest");

        List<IntentResult> results = bumper.process(Fixtures.bump("web", sha("oldest"), T0),
                Fixtures.bump("web", newest, T0.plusSeconds(7200)), Fixtures.bump("web", sha("middle"), T0.plusSeconds(3600)));

        assertThat(bench.file(WEB_STAGING)).contains("tag: " + newest);
        assertThat(results).extracting(r -> r.targets().get(0).getClass().getSimpleName())
                .containsExactly("Superseded", "Changed", "Superseded");
        assertThat(bench.log()).hasSize(2);
        assertThat(bumper.registry().get(BumperMetrics.COALESCED).counter().count()).isEqualTo(2.0);
    }

    @Test
    void givenANewerBuildAlreadyInGit_whenAnOlderBuildArrivesLate_thenItIsSupersededAndNothingRegresses() {
        GitBench.Instance bumper = bench.bumper();
        bumper.process(Fixtures.bump("web", NEW, T0.plusSeconds(3600)));

        List<IntentResult> results = bumper.process(Fixtures.bump("web", sha("older"), T0));

        assertThat(results.get(0).targets()).singleElement().isInstanceOf(TargetResult.Superseded.class);
        assertThat(bench.file(WEB_STAGING)).contains("tag: " + NEW);
    }

    static Stream<Arguments> badInput() {
        return Stream.of(
                Arguments.of(Named.of("values file not YAML", Fixtures.bump("broken", NEW, T0)),
                        "apps/broken/envs/staging/values.yaml"),
                Arguments.of(Named.of("app name with ../", Fixtures.bump("../../etc", NEW, T0)),
                        "is not a DNS-1123 label"),
                Arguments.of(Named.of("app name with / and capitals", Fixtures.bump("Shop/..", NEW, T0)),
                        "is not a DNS-1123 label"),
                Arguments.of(Named.of("unknown app", Fixtures.bump("nosuchapp", NEW, T0)),
                        "unknown application 'nosuchapp'"),
                Arguments.of(Named.of("not an image tag", Fixtures.bump("shop", "bad tag; rm -rf", T0)),
                        "is not an image tag"),
                Arguments.of(Named.of("unknown environment", Fixtures.revert("shop", "qa", BAD, OLD_TAG)),
                        "unknown environment 'qa'"),
                Arguments.of(Named.of("environment name with ../", Fixtures.revert("shop", "../qa", BAD, OLD_TAG)),
                        "environment name"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInput")
    void givenBadInputForOneApp_whenBatchedWithAGoodBump_thenOnlyThatOneFailsPermanently(Intent bad, String reason) {
        GitBench.Instance bumper = bench.bumper();

        List<IntentResult> results = bumper.process(bad, Fixtures.bump("web", NEW, T0));

        assertThat(results.get(0).outcome()).isInstanceOfSatisfying(Outcome.PermanentFailure.class,
                failure -> assertThat(failure.reason()).contains(reason));
        assertThat(results.get(1).targets()).singleElement().isInstanceOf(TargetResult.Changed.class);
        assertThat(bench.file(WEB_STAGING)).contains(NEW);
    }

    @Test
    void givenAYamlBombInAValuesFile_whenBumped_thenItFailsPermanentlyOnTheAliasLimit() {
        StringBuilder bomb = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char c = 'b'; c <= 'i'; c++) {
            bomb.append(c).append(": &").append(c).append(" [").append(("*" + (char) (c - 1) + ",").repeat(7))
                    .append('*').append((char) (c - 1)).append("]\n");
        }
        bench.server.commitAsOutsider(Fixtures.OWNER, Fixtures.REPO, Fixtures.BRANCH,
                Map.of(WEB_STAGING, bomb + "app:\n  image:\n    tag: x\n"), "Make web's values explode");
        GitBench.Instance bumper = bench.bumper();

        List<IntentResult> results = bumper.process(Fixtures.bump("web", NEW, T0));

        assertThat(results.get(0).outcome()).isInstanceOfSatisfying(Outcome.PermanentFailure.class,
                failure -> assertThat(failure.reason()).contains(WEB_STAGING, "not valid YAML"));
    }

    @Test
    void givenAFailedRollout_whenProcessed_thenTheRevertAndTheQuarantineAreOneCommitWithCauseRevert() {
        GitBench.Instance bumper = bench.bumper();
        bumper.process(Fixtures.bump("shop", BAD, T0));
        String before = bench.head();

        List<IntentResult> results = bumper.process(Fixtures.revert("shop", "staging", BAD, OLD_TAG));

        assertThat(results.get(0).targets()).singleElement().isInstanceOf(TargetResult.Changed.class);
        GitCommit commit = bench.log().get(0);
        assertThat(commit.parents()).containsExactly(before);
        assertThat(commit.changedPaths()).containsExactlyInAnyOrder(SHOP_STAGING, QUARANTINE);
        assertThat(commit.subject()).isEqualTo("Revert shop/staging to " + OLD_TAG.substring(0, 12)
                + " after failed rollout of " + BAD.substring(0, 12));
        assertThat(commit.message()).contains("Gitops-Cause: revert", "Gitops-Quarantined-Tag: " + BAD,
                "CRASH_LOOP");
        assertThat(bench.file(SHOP_STAGING)).isEqualTo(Fixtures.values(OLD_TAG, ""));
        assertThat(bench.file(SHOP_PRODUCTION)).isEqualTo(Fixtures.values(BAD, Fixtures.digest("shop", BAD)));
        assertThat(bench.file(QUARANTINE)).startsWith("# Tags that failed a rollout.\n");
        assertThat(Quarantine.parse(bench.file(QUARANTINE), QUARANTINE).isQuarantined("shop", "staging", BAD)).isTrue();
        ConfigChanged change = bumper.announcer().snapshot().get(2).data();
        assertThat(change.cause()).isEqualTo(ChangeCause.REVERT);
        assertThat(change.oldTag()).isEqualTo(BAD);
        assertThat(change.newTag()).isEqualTo(OLD_TAG);
        assertThat(change.quarantinedTag()).isEqualTo(BAD);
        assertThat(change.commit()).isEqualTo(commit.sha());
    }

    @Test
    void givenARevertAlreadyCommitted_whenTheSameVerdictArrivesAgain_thenThereIsNoSecondCommit() {
        GitBench.Instance bumper = bench.bumper();
        bumper.process(Fixtures.bump("shop", BAD, T0));
        bumper.process(Fixtures.revert("shop", "staging", BAD, OLD_TAG));
        String head = bench.head();

        List<IntentResult> results = bumper.process(Fixtures.revert("shop", "staging", BAD, OLD_TAG));

        assertThat(results.get(0).targets()).singleElement().isInstanceOf(TargetResult.Unchanged.class);
        assertThat(bench.head()).isEqualTo(head);
    }

    @Test
    void givenARevertedFailure_whenTheRestoredTagFailsToo_thenItIsNeitherQuarantinedNorRevertedAndThereIsNoCommit() {
        GitBench.Instance bumper = bench.bumper();
        bumper.process(Fixtures.bump("shop", BAD, T0));
        bumper.process(Fixtures.revert("shop", "staging", BAD, OLD_TAG));
        String head = bench.head();
        int announced = bumper.announcer().snapshot().size();

        List<IntentResult> results = bumper.process(Intent.of(Fixtures.restoreFailed("shop", "staging", OLD_TAG)));

        assertThat(results.get(0).targets()).singleElement().isInstanceOfSatisfying(TargetResult.Unchanged.class,
                u -> assertThat(u.reason()).contains("restore of " + OLD_TAG + " failed", "neither quarantined"));
        assertThat(bench.head()).isEqualTo(head);
        assertThat(bench.file(SHOP_STAGING)).isEqualTo(Fixtures.values(OLD_TAG, ""));
        Quarantine quarantine = Quarantine.parse(bench.file(QUARANTINE), QUARANTINE);
        assertThat(quarantine.isQuarantined("shop", "staging", OLD_TAG)).isFalse();
        assertThat(quarantine.isQuarantined("shop", "staging", BAD)).isTrue();
        assertThat(bumper.announcer().snapshot()).hasSize(announced);
    }

    @Test
    void givenAVerdictOfAnOlderVerifierWhoseFailedTagIsItsLastHealthyTag_whenProcessed_thenThatTagIsNotQuarantined() {
        GitBench.Instance bumper = bench.bumper();
        String head = bench.head();

        List<IntentResult> results = bumper.process(Fixtures.revert("shop", "staging", OLD_TAG, OLD_TAG));

        assertThat(results.get(0).targets()).singleElement().isInstanceOf(TargetResult.Unchanged.class);
        assertThat(bench.head()).isEqualTo(head);
    }

    @Test
    void givenNoLastHealthyTag_whenTheRolloutFails_thenTheTagIsStillQuarantinedAndTheCommitSaysSo() {
        GitBench.Instance bumper = bench.bumper();
        bumper.process(Fixtures.bump("shop", BAD, T0));

        List<IntentResult> results = bumper.process(Fixtures.revert("shop", "staging", BAD, null));

        assertThat(results.get(0).targets()).singleElement().isInstanceOf(TargetResult.Changed.class);
        GitCommit commit = bench.log().get(0);
        assertThat(commit.changedPaths()).containsExactly(QUARANTINE);
        assertThat(commit.message()).contains("Quarantine " + BAD.substring(0, 12) + " for shop/staging",
                "there is no last healthy tag to revert to");
        ConfigChanged change = bumper.announcer().snapshot().get(2).data();
        assertThat(change.quarantinedTag()).isEqualTo(BAD);
        assertThat(change.newTag()).isEqualTo(BAD);
    }

    @Test
    void givenValuesThatMovedOnToANewerTag_whenALateVerdictArrives_thenOnlyTheFailedTagIsQuarantined() {
        GitBench.Instance bumper = bench.bumper();
        bumper.process(Fixtures.bump("web", NEW, T0.plusSeconds(60)));

        bumper.process(Fixtures.revert("web", "staging", BAD, OLD_TAG));

        assertThat(bench.file(WEB_STAGING)).contains("tag: " + NEW);
        assertThat(bench.log().get(0).message()).contains("holds " + NEW + ", not the failed tag");
    }

    @Test
    void givenARevertAndANewerFixInOneBatch_whenProcessed_thenTheRevertIsCommittedFirstAndTheFixOnTop() {
        GitBench.Instance bumper = bench.bumper();
        bumper.process(Fixtures.bump("web", BAD, T0));
        String fix = sha("fix");

        bumper.process(Fixtures.bump("web", fix, T0.plusSeconds(600)), Fixtures.revert("web", "staging", BAD, OLD_TAG));

        assertThat(bench.log()).extracting(GitCommit::subject).startsWith("Bump web/staging to " + fix.substring(0, 12),
                "Revert web/staging to " + OLD_TAG.substring(0, 12) + " after failed rollout of " + BAD.substring(0, 12));
        assertThat(bench.file(WEB_STAGING)).contains("tag: " + fix);
    }

    @Test
    void givenARemoteThatRejectsPushes_whenBumped_thenItFailsPermanentlyWithTheRemotesReason() {
        GitBench.Instance bumper = bench.bumper();
        bench.server.rejectPushes(Fixtures.OWNER, Fixtures.REPO, "branch main is protected");

        List<IntentResult> results = bumper.process(Fixtures.bump("web", NEW, T0));

        assertThat(results.get(0).outcome()).isInstanceOfSatisfying(Outcome.PermanentFailure.class,
                failure -> assertThat(failure.reason()).contains("branch main is protected"));
        assertThat(bumper.announcer().snapshot()).isEmpty();
    }

    @Test
    void givenTheGitServerIsDown_whenBumped_thenItFailsTransientlyWithoutLeakingTheCredentials() {
        GitBench.Instance bumper = bench.bumper();
        bench.server.close();

        List<IntentResult> results = bumper.process(Fixtures.bump("web", NEW, T0));

        assertThat(results.get(0).outcome()).isInstanceOfSatisfying(Outcome.TransientFailure.class,
                failure -> assertThat(failure.reason()).contains("fetch").doesNotContain(GitBench.CREDENTIALS.password()));
    }

    @Test
    void givenWrongCredentials_whenTheCloneIsOpened_thenItIsRefusedWithoutEchoingThePassword() {
        io.gitops.kit.git.GitCredentials wrong = io.gitops.kit.git.GitCredentials.basic("config-bumper",
                "wrong-password");

        var thrown = org.assertj.core.api.Assertions.catchThrowable(() -> bench.bumper(
                BumperSettings.defaults("acme/gitops-config"), null, wrong));

        // The kit's Git client names the operation ("fetch of branch main") and classifies a refused login as
        // permanent (it was transient before the kit's one rule).
        assertThat(thrown).isInstanceOfSatisfying(io.gitops.kit.git.GitException.class,
                        e -> assertThat(e.isTransient()).isFalse())
                .hasMessageContaining("fetch").hasMessageNotContaining("wrong-password");
        assertThat(wrong.toString()).doesNotContain("wrong-password");
    }

    @Test
    void givenTheBrokerDidNotAcknowledge_whenTheNextBatchRuns_thenTheQueuedAnnouncementIsPublished() {
        GitBench.Instance bumper = bench.bumper();
        bumper.announcer().failing = true;
        List<IntentResult> first = bumper.process(Fixtures.bump("web", NEW, T0));
        assertThat(first.get(0).outcome()).isInstanceOf(Outcome.TransientFailure.class);
        bumper.announcer().failing = false;

        List<IntentResult> retried = bumper.process(Fixtures.bump("web", NEW, T0));

        assertThat(retried.get(0).targets()).singleElement().isInstanceOf(TargetResult.Unchanged.class);
        assertThat(bumper.announcer().snapshot()).singleElement()
                .satisfies(e -> assertThat(e.data().commit()).isEqualTo(bench.head()));
    }

    @Test
    void givenAPullRequestEnvironmentWithoutGitHub_whenBumped_thenThatEnvironmentFailsPermanentlyAndStagingIsBumped() {
        GitBench.Instance bumper = bench.bumper();

        List<IntentResult> results = bumper.process(Fixtures.bump("checkout", NEW, T0));

        assertThat(results.get(0).targets()).extracting(TargetResult::env).containsExactly("staging", "production");
        assertThat(results.get(0).outcome()).isInstanceOfSatisfying(Outcome.PermanentFailure.class,
                failure -> assertThat(failure.reason()).contains("checkout/production", "no GitHub API"));
    }

    @Test
    void givenAWarmCloneWithLooseObjects_whenMaintainedAboveTheThreshold_thenItIsPackedAndStillWorks() {
        GitBench.Instance bumper = bench.bumper();
        bumper.process(Fixtures.bump("web", NEW, T0));

        boolean packed = bumper.core().git().maintain(1, 1);

        assertThat(packed).isTrue();
        assertThat(bumper.core().git().maintain()).isFalse();
        assertThat(bumper.process(Fixtures.bump("shop", NEW, T0)).get(0).outcome())
                .isInstanceOf(Outcome.Success.class);
    }
}
