package io.gitops.build;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.gitops.build.image.BuildahBuilder;
import io.gitops.build.image.ImageBuilder;
import io.gitops.build.image.JibBuilder;
import io.gitops.build.pipeline.PipelineIds;
import io.gitops.build.testing.Orchestrators;
import io.gitops.build.testing.PipelineTopics;
import io.gitops.build.testing.RegistryProcess;
import io.gitops.build.testing.SampleApp;
import io.gitops.build.testing.Webhooks;
import io.gitops.build.exec.SecretMask;
import io.gitops.build.exec.local.LocalExecutor;
import io.gitops.build.exec.local.ProcessEnvironment;
import io.gitops.build.exec.local.ProcessRunner;
import io.gitops.events.Event;
import io.gitops.events.data.ArtifactPublished;
import io.gitops.events.data.PipelineFinished;
import io.gitops.events.data.PipelineOutcome;
import io.gitops.events.data.PipelineQueued;
import io.gitops.events.data.StageFinished;
import io.gitops.events.data.StageOutcome;
import io.gitops.events.data.StageStarted;
import io.gitops.gitserver.LocalGitServer;
import io.gitops.kit.consume.RecordPipeline;
import io.gitops.testing.Provided;
import io.gitops.testing.WithGitServer;
import io.gitops.testing.WithKafka;
import io.gitops.testing.kafka.KafkaTestBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local executor end to end, without Quarkus: a real Git server holding the config and app repositories, the
 * in-JVM broker, a real OCI registry ({@code docker-registry}) and buildah (jib when buildah is not installed).
 */
@WithKafka
@WithGitServer
class LocalPipelineIT {

    @TempDir
    static Path temp;

    @Provided
    static KafkaTestBroker broker;
    @Provided
    static LocalGitServer git;
    static RegistryProcess registry;
    static WireMockServer refusingRegistry;
    static BuildOrchestrator orchestrator;
    static RecordPipeline handler;
    static ImageBuilder builder;

    static final String REGISTRY_PASSWORD = "it-registry-password-7f3a";
    static final String DEPLOY_TOKEN = "it-deploy-token-91c2";
    /** Every log record of the test JVM, formatted. */
    static final List<String> LOGGED = new java.util.concurrent.CopyOnWriteArrayList<>();
    static final java.util.logging.Handler LOGS = new java.util.logging.Handler() {
        @Override
        public void publish(java.util.logging.LogRecord record) {
            LOGGED.add(new java.util.logging.SimpleFormatter().formatMessage(record));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(RegistryProcess.installed(), "docker-registry is not installed (apt-get install docker-registry)");
        registry = RegistryProcess.start(temp.resolve("registry"));
        refusingRegistry = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        refusingRegistry.start();
        refusingRegistry.stubFor(head(urlPathMatching("/v2/.*/manifests/.*")).willReturn(aResponse().withStatus(404)));
        refusingRegistry.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().withStatus(403)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"errors\":[{\"code\":\"DENIED\",\"message\":\"push refused by policy\"}]}")));
        Map<String, String> apps = new LinkedHashMap<>();
        String local = registry.host();
        apps.put("apps/good/app.yaml", SampleApp.appYaml("good", "acme/good", local + "/acme/good", "bash ci/test.sh", ""));
        apps.put("apps/lowcov/app.yaml", SampleApp.appYaml("lowcov", "acme/lowcov", local + "/acme/lowcov",
                "bash ci/test.sh", "coverage:\n  threshold: 90"));
        apps.put("apps/hang/app.yaml", SampleApp.appYaml("hang", "acme/hang", local + "/acme/hang", "sleep 600", "")
                .replace("stageTimeoutSeconds: 60", "stageTimeoutSeconds: 2"));
        apps.put("apps/refused/app.yaml", SampleApp.appYaml("refused", "acme/refused", "127.0.0.1:"
                + refusingRegistry.port() + "/acme/refused", "bash ci/test.sh", ""));
        apps.put("apps/ghost/app.yaml", SampleApp.appYaml("ghost", "acme/ghost", local + "/acme/ghost",
                "bash ci/test.sh", ""));
        apps.put("apps/slow/app.yaml", SampleApp.appYaml("slow", "acme/slow", local + "/acme/slow",
                "while [ ! -f " + temp.resolve("release-slow") + " ]; do sleep 0.05; done; bash ci/test.sh", ""));
        apps.put("apps/leaky/app.yaml", SampleApp.appYaml("leaky", "acme/leaky", local + "/acme/leaky",
                "sleep 600 >/dev/null 2>&1 & echo child=$!; env; exit 3", ""));
        apps.put("apps/broken/app.yaml", "name: broken\nsource:\n  repo: acme/broken\n  branch: main\nimage: {}\n");
        git.createRepository("gitops", "config", "main", apps);
        ProcessRunner tools = new ProcessRunner(4096);
        builder = Files.isExecutable(Path.of("/usr/bin/buildah"))
                ? new BuildahBuilder("buildah", temp.resolve("work/buildah"), tools) : new JibBuilder();
        // The orchestrator's environment holds secrets; one is (wrongly) passed through to stages, to be masked.
        Map<String, String> orchestratorEnv = new LinkedHashMap<>(System.getenv());
        orchestratorEnv.put("GITOPS_BUILD_REGISTRY_PASSWORD", REGISTRY_PASSWORD);
        orchestratorEnv.put("CI_DEPLOY_TOKEN", DEPLOY_TOKEN);
        LocalExecutor stages = new LocalExecutor(4096, SecretMask.of(List.of(REGISTRY_PASSWORD, DEPLOY_TOKEN)),
                ProcessEnvironment.stage(orchestratorEnv, List.of("CI_DEPLOY_TOKEN")), temp.resolve("work/scratch"));
        java.util.logging.Logger.getLogger("").addHandler(LOGS);
        orchestrator = Orchestrators.start(Orchestrators.settings(broker.bootstrapServers(), temp.resolve("work"),
                git.repoUrl("gitops", "config"), git.url() + "/{repo}.git", builder, Orchestrators.oci(),
                List.of(stages), 2));
        handler = Orchestrators.handler(orchestrator);
    }

    @AfterAll
    static void stop() {
        java.util.logging.Logger.getLogger("").removeHandler(LOGS);
        if (orchestrator != null) {
            orchestrator.close();
        }
        if (registry != null) {
            registry.close();
        }
        if (refusingRegistry != null) {
            refusingRegistry.stop();
        }
    }

    private static List<Event<?>> push(String app, Map<String, String> files) {
        String sha = git.createRepository("acme", app, "main", files);
        handler.handle(Webhooks.record(Webhooks.push("acme/" + app, "main", sha)));
        return PipelineTopics.untilFinished(broker, PipelineIds.of(app, sha));
    }

    @Test
    void givenAGoodCommit_whenPushed_thenEveryStagePassesAndOneArtifactTaggedWithTheShaIsInTheRegistry()
            throws Exception {
        String sha = git.createRepository("acme", "good", "main", SampleApp.files());
        var webhook = Webhooks.push("acme/good", "main", sha);

        handler.handle(Webhooks.record(webhook));

        List<Event<?>> events = PipelineTopics.read(broker, PipelineIds.of("good", sha), e -> e.stream()
                .anyMatch(x -> x.data() instanceof PipelineFinished), java.time.Duration.ofSeconds(90));
        assertThat(PipelineTopics.data(events, PipelineQueued.class)).singleElement()
                .satisfies(q -> assertThat(q.stages()).containsExactly("lint", "test", "sast", "build", "push"));
        assertThat(PipelineTopics.data(events, StageFinished.class)).extracting(StageFinished::stage,
                StageFinished::outcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple("lint", StageOutcome.SUCCEEDED),
                org.assertj.core.groups.Tuple.tuple("test", StageOutcome.SUCCEEDED),
                org.assertj.core.groups.Tuple.tuple("sast", StageOutcome.SUCCEEDED),
                org.assertj.core.groups.Tuple.tuple("build", StageOutcome.SUCCEEDED),
                org.assertj.core.groups.Tuple.tuple("push", StageOutcome.SUCCEEDED));
        StageFinished test = PipelineTopics.data(events, StageFinished.class).get(1);
        assertThat(test.tests()).isEqualTo(new io.gitops.events.data.TestCounts(3, 0, 0));
        assertThat(test.gates()).anySatisfy(g -> {
            assertThat(g.gate()).isEqualTo("coverage");
            assertThat(g.figure()).isEqualTo(86.0);
            assertThat(g.threshold()).isEqualTo(80.0);
        });
        assertThat(PipelineTopics.data(events, StageFinished.class).get(2).gates()).singleElement()
                .satisfies(g -> assertThat(g.detail()).isEqualTo("opted out: sast: none"));
        ArtifactPublished artifact = PipelineTopics.data(events, ArtifactPublished.class).get(0);
        assertThat(artifact.tag()).isEqualTo(sha).hasSize(40);
        assertThat(artifact.imageRepository()).isEqualTo(registry.host() + "/acme/good");
        assertThat(artifact.digest()).startsWith("sha256:");
        assertThat(artifact.gates()).extracting(g -> g.gate()).contains("tests", "coverage", "sast",
                "dockerfile-policy", "image-tag");
        Event<?> artifactEvent = events.stream().filter(e -> e.data() instanceof ArtifactPublished).findFirst()
                .orElseThrow();
        assertThat(artifactEvent.id()).isEqualTo(io.gitops.events.EventIds.stable("artifact", "good", sha));
        assertThat(artifactEvent.causationId()).isEqualTo(webhook.id());
        assertThat(artifactEvent.correlationId()).isEqualTo(sha);
        assertThat(PipelineTopics.data(events, PipelineFinished.class)).singleElement()
                .satisfies(f -> assertThat(f.outcome()).isEqualTo(PipelineOutcome.SUCCEEDED));
        assertThat(registry.tags("acme/good")).contains(sha);
    }

    @Test
    void givenCoverageBelowTheThreshold_whenPushed_thenThePipelineFailsAtTestAndNoImageIsBuilt() throws Exception {
        List<Event<?>> events = push("lowcov", SampleApp.files());

        PipelineFinished finished = PipelineTopics.data(events, PipelineFinished.class).get(0);
        assertThat(finished.outcome()).isEqualTo(PipelineOutcome.FAILED);
        assertThat(finished.failedStage()).isEqualTo("test");
        assertThat(finished.reason()).contains("line coverage 86.0% is below the threshold 90.0%");
        assertThat(PipelineTopics.data(events, StageStarted.class)).extracting(StageStarted::stage)
                .containsExactly("lint", "test");
        assertThat(PipelineTopics.data(events, ArtifactPublished.class)).isEmpty();
        assertThat(registry.tags("acme/lowcov")).isEmpty();
    }

    @Test
    void givenAStageThatHangs_whenPushed_thenItIsKilledAtTheTimeoutAndThePipelineFails() {
        List<Event<?>> events = push("hang", SampleApp.files());

        PipelineFinished finished = PipelineTopics.data(events, PipelineFinished.class).get(0);
        assertThat(finished.failedStage()).isEqualTo("test");
        assertThat(finished.reason()).contains("timed out after 2 s");
    }

    @Test
    void givenAStageThatRunsEnvAndLeavesAChild_whenPushed_thenNoSecretLeavesInEventsOrLogsAndNoProcessIsLeft() {
        List<Event<?>> events = push("leaky", SampleApp.files());

        StageFinished test = PipelineTopics.data(events, StageFinished.class).stream()
                .filter(f -> f.stage().equals("test")).findFirst().orElseThrow();
        assertThat(test.outcome()).isEqualTo(StageOutcome.FAILED);
        assertThat(test.outputTail()).contains("CI_DEPLOY_TOKEN=***", "PATH=")
                .doesNotContain(DEPLOY_TOKEN, REGISTRY_PASSWORD, "GITOPS_BUILD_REGISTRY_PASSWORD");
        assertThat(events).allSatisfy(e -> assertThat(e.data().toString()).doesNotContain(DEPLOY_TOKEN,
                REGISTRY_PASSWORD));
        assertThat(LOGGED).anySatisfy(line -> assertThat(line).contains("pipeline " + PipelineIds.of("leaky",
                test.commit()) + " failed at test"));
        assertThat(LOGGED).noneSatisfy(line -> assertThat(line).containsAnyOf(DEPLOY_TOKEN, REGISTRY_PASSWORD));
        long child = Long.parseLong(test.outputTail().replaceAll("(?s).*child=(\\d+).*", "$1"));
        assertThat(Path.of("/proc/" + child)).as("the stage's background child is gone").satisfiesAnyOf(
                p -> assertThat(p).doesNotExist(),
                p -> assertThat(Files.readString(p.resolve("stat")).strip()).matches("\\d+ \\(.*\\) [ZX] .*"));
    }

    @Test
    void givenARegistryThatRefusesThePush_whenPushed_thenThePipelineFailsAtPushWithoutAnArtifact() {
        List<Event<?>> events = push("refused", SampleApp.files());

        PipelineFinished finished = PipelineTopics.data(events, PipelineFinished.class).get(0);
        assertThat(finished.outcome()).isEqualTo(PipelineOutcome.FAILED);
        assertThat(finished.failedStage()).isEqualTo("push");
        assertThat(PipelineTopics.data(events, ArtifactPublished.class)).isEmpty();
    }

    @Test
    void givenACommitThatDoesNotExist_whenPushed_thenThePipelineFailsAtCheckoutWithTheReason() {
        git.createRepository("acme", "ghost", "main", SampleApp.files());
        String missing = "ab".repeat(20);

        handler.handle(Webhooks.record(Webhooks.push("acme/ghost", "main", missing)));

        List<Event<?>> events = PipelineTopics.untilFinished(broker, PipelineIds.of("ghost", missing));
        PipelineFinished finished = PipelineTopics.data(events, PipelineFinished.class).get(0);
        assertThat(finished.failedStage()).isEqualTo("checkout");
        assertThat(finished.reason()).contains("commit " + missing + " does not exist");
    }

    @Test
    void givenAnAppBusyWithAPipeline_whenTwoNewerCommitsArrive_thenTheNewestSupersedesTheWaitingOne()
            throws Exception {
        String first = git.createRepository("acme", "slow", "main", SampleApp.files());
        handler.handle(Webhooks.record(Webhooks.push("acme/slow", "main", first)));
        PipelineTopics.read(broker, PipelineIds.of("slow", first), e -> PipelineTopics.data(e, StageStarted.class)
                .stream().anyMatch(s -> s.stage().equals("test")), java.time.Duration.ofSeconds(60));
        String second = git.commitAsOutsider("acme", "slow", "main", Map.of("a", "2"), "second");
        String third = git.commitAsOutsider("acme", "slow", "main", Map.of("a", "3"), "third");
        handler.handle(Webhooks.record(Webhooks.push("acme/slow", "main", second)));

        handler.handle(Webhooks.record(Webhooks.push("acme/slow", "main", third)));

        List<Event<?>> superseded = PipelineTopics.untilFinished(broker, PipelineIds.of("slow", second));
        assertThat(PipelineTopics.data(superseded, PipelineFinished.class)).singleElement().satisfies(f -> {
            assertThat(f.outcome()).isEqualTo(PipelineOutcome.SUPERSEDED);
            assertThat(f.reason()).contains(third);
        });
        assertThat(PipelineTopics.data(superseded, StageStarted.class)).isEmpty();
        Files.writeString(temp.resolve("release-slow"), "go");
        List<Event<?>> newest = PipelineTopics.untilFinished(broker, PipelineIds.of("slow", third));
        assertThat(PipelineTopics.data(newest, PipelineQueued.class).get(0).supersedes())
                .isEqualTo(PipelineIds.of("slow", second));
        assertThat(PipelineTopics.data(newest, PipelineFinished.class).get(0).outcome())
                .isEqualTo(PipelineOutcome.SUCCEEDED);
        assertThat(PipelineTopics.data(PipelineTopics.untilFinished(broker, PipelineIds.of("slow", first)),
                PipelineFinished.class).get(0).outcome()).isEqualTo(PipelineOutcome.SUCCEEDED);
    }

    @Test
    void givenABrokenAppYaml_whenItsRepositoryIsPushed_thenAFailedPipelineNamesTheFileAndProblem() {
        String sha = "cd".repeat(20);

        handler.handle(Webhooks.record(Webhooks.push("acme/broken", "main", sha)));

        List<Event<?>> events = PipelineTopics.untilFinished(broker, PipelineIds.of("broken", sha));
        PipelineFinished finished = PipelineTopics.data(events, PipelineFinished.class).get(0);
        assertThat(finished.outcome()).isEqualTo(PipelineOutcome.FAILED);
        assertThat(finished.failedStage()).isEqualTo("config");
        assertThat(finished.reason()).contains("apps/broken/app.yaml");
    }
}
