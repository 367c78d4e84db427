package io.gitops.build.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.gitops.build.BuildOrchestrator;
import io.gitops.kit.consume.RecordPipeline;
import io.gitops.build.exec.CommandResult;
import io.gitops.build.exec.CommandSpec;
import io.gitops.build.exec.StageExecutor;
import io.gitops.build.exec.local.LocalExecutor;
import io.gitops.build.image.ImageBuildRequest;
import io.gitops.build.image.ImageBuilder;
import io.gitops.build.image.LocalImage;
import io.gitops.build.pipeline.PipelineIds;
import io.gitops.kit.registry.ImageRepository;
import io.gitops.build.registry.PushTarget;
import io.gitops.build.registry.Registry;
import io.gitops.build.testing.Orchestrators;
import io.gitops.build.testing.SampleApp;
import io.gitops.build.testing.Webhooks;
import io.gitops.events.EventCodec;
import io.gitops.events.Topics;
import io.gitops.events.data.ArtifactPublished;
import io.gitops.gitserver.GitServerOptions;
import io.gitops.gitserver.LocalGitServer;
import io.gitops.kit.Outcome;
import io.gitops.testing.kafka.KafkaTestBroker;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Orchestration overhead: from a push event handed to the consumer's handler to {@code artifact.published}
 * acknowledged by the broker, minus the time the stage commands ran. Stage commands are no-ops ({@code true}),
 * the image builder and the registry are no-ops (no image is built or pushed: that time is excluded by design).
 * Everything else is real: in-JVM Kafka broker (acks=all), JGit clone from a local Git server, bash processes,
 * report parsing and gates, every pipeline event published and acknowledged.
 *
 * <p>Run: see docs/benchmarks/build-orchestrator.md. Not a test: it asserts nothing and is not run by the build.
 */
public final class OrchestrationOverheadBenchmark {

    private static final String NOOP_DIGEST = "sha256:" + "0".repeat(64);
    private static final List<String> sequentialIds = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        int sequential = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int concurrent = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int maxParallel = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        Path temp = Files.createTempDirectory("bo-bench");
        try (KafkaTestBroker broker = KafkaTestBroker.start();
             LocalGitServer git = LocalGitServer.start(GitServerOptions.of(temp.resolve("git")))) {
            int apps = Math.max(concurrent, 1);
            Map<String, String> config = new LinkedHashMap<>();
            for (int i = 0; i < apps; i++) {
                config.put("apps/app" + i + "/app.yaml", SampleApp.appYaml("app" + i, "bench/app" + i,
                        "registry.bench/app" + i, "bash ci/test.sh", "").replace("lint: bash ci/lint.sh", "lint: 'true'"));
            }
            git.createRepository("gitops", "config", "main", config);
            Map<String, String> files = SampleApp.files();
            List<String> shas = new ArrayList<>();
            for (int i = 0; i < apps; i++) {
                shas.add(git.createRepository("bench", "app" + i, "main", files));
            }
            TimingExecutor executor = new TimingExecutor(new LocalExecutor(4096));
            Orchestrators.Setup settings = Orchestrators.settings(broker.bootstrapServers(),
                    temp.resolve("work"), git.repoUrl("gitops", "config"), git.url() + "/{repo}.git",
                    new NoopBuilder(), new NoopRegistry(), List.of(executor), maxParallel);
            try (BuildOrchestrator orchestrator = Orchestrators.start(settings);
                 KafkaConsumer<String, byte[]> artifacts = broker.newConsumer()) {
                RecordPipeline handler = Orchestrators.handler(orchestrator);
                List<TopicPartition> partitions = artifacts.partitionsFor(Topics.ARTIFACT_PUBLISHED).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                artifacts.assign(partitions);
                artifacts.seekToEnd(partitions);
                partitions.forEach(artifacts::position);

                // Warm-up: JIT, first clone, first process spawn.
                commitAndRun(git, handler, artifacts, executor, "app0", 5, files);

                List<Long> single = new ArrayList<>();
                sequentialIds.clear();
                for (int i = 0; i < sequential; i++) {
                    single.addAll(commitAndRun(git, handler, artifacts, executor, "app" + (i % apps), 1, files));
                }
                report("sequential, one pipeline at a time (" + sequential + " pipelines)", single);
                breakdown(broker, executor, sequentialIds);

                Map<String, Long> consumed = new HashMap<>();
                long start = System.nanoTime();
                for (int i = 0; i < concurrent; i++) {
                    String sha = git.commitAsOutsider("bench", "app" + i, "main",
                            Map.of("round.txt", "c" + System.nanoTime()), "round");
                    consumed.put(PipelineIds.of("app" + i, sha), System.currentTimeMillis());
                    handler.handle(Webhooks.record(Webhooks.push("bench/app" + i, "main", sha)));
                }
                Map<String, Long> published = await(artifacts, consumed.keySet());
                double wall = (System.nanoTime() - start) / 1e9;
                List<Long> overheads = new ArrayList<>();
                List<Long> latencies = new ArrayList<>();
                for (String id : consumed.keySet()) {
                    long latency = published.get(id) - consumed.get(id);
                    latencies.add(latency);
                    overheads.add(latency - executor.millis(id));
                }
                report(concurrent + " concurrent pipelines, max-parallel " + maxParallel
                        + ": overhead (latency minus stage command time)", overheads);
                report(concurrent + " concurrent pipelines: end-to-end latency incl. queueing and commands", latencies);
                System.out.printf("%d concurrent pipelines finished in %.1f s (%.1f pipelines/s)%n", concurrent, wall,
                        concurrent / wall);
            }
        }
    }

    private static List<Long> commitAndRun(LocalGitServer git, RecordPipeline handler,
                                           KafkaConsumer<String, byte[]> artifacts, TimingExecutor executor,
                                           String app, int times, Map<String, String> files) {
        List<Long> overheads = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            String sha = git.commitAsOutsider("bench", app, "main", Map.of("round.txt", "r" + System.nanoTime()),
                    "round");
            String id = PipelineIds.of(app, sha);
            sequentialIds.add(id);
            long consumed = System.currentTimeMillis();
            handler.handle(Webhooks.record(Webhooks.push("bench/" + app, "main", sha)));
            long published = await(artifacts, List.of(id)).get(id);
            overheads.add(published - consumed - executor.millis(id));
        }
        return overheads;
    }

    /** Broker timestamps (producer create time) of the artifacts of {@code ids}. */
    private static Map<String, Long> await(KafkaConsumer<String, byte[]> consumer, java.util.Collection<String> ids) {
        Map<String, Long> seen = new HashMap<>();
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (!seen.keySet().containsAll(ids)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("artifacts missing: " + ids.stream().filter(i -> !seen.containsKey(i))
                        .toList());
            }
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(20))) {
                ArtifactPublished artifact = (ArtifactPublished) EventCodec.decode(record).data();
                seen.put(artifact.pipelineId(), record.timestamp());
            }
        }
        return seen;
    }

    /** Where the time of the sequential pipelines went, from the event times on the pipeline topic. */
    private static void breakdown(KafkaTestBroker broker, TimingExecutor executor, List<String> ids) {
        Map<String, List<io.gitops.events.Event<?>>> byPipeline = new HashMap<>();
        broker.readAll(Topics.PIPELINE, Duration.ofSeconds(1)).forEach(r -> {
            io.gitops.events.Event<?> event = EventCodec.decode(r);
            String id = io.gitops.build.testing.PipelineTopics.pipelineOf(event);
            if (ids.contains(id)) {
                byPipeline.computeIfAbsent(id, k -> new ArrayList<>()).add(event);
            }
        });
        List<Long> toFirstStage = new ArrayList<>();
        List<Long> stages = new ArrayList<>();
        List<Long> commands = new ArrayList<>();
        for (String id : ids) {
            List<io.gitops.events.Event<?>> events = byPipeline.get(id);
            java.time.Instant queued = events.get(0).time();
            java.time.Instant firstStage = events.get(1).time();
            java.time.Instant lastStage = events.get(events.size() - 2).time();
            toFirstStage.add(Duration.between(queued, firstStage).toMillis());
            stages.add(Duration.between(firstStage, lastStage).toMillis() - executor.millis(id));
            commands.add(executor.millis(id));
        }
        report("  queued -> first stage started (dispatch + JGit checkout)", toFirstStage);
        report("  first stage started -> last stage finished, minus command time (events, gates, reports)", stages);
        report("  stage command time (subtracted)", commands);
    }

    private static void report(String what, List<Long> millis) {
        List<Long> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        System.out.printf("%s: n=%d p50=%d ms p90=%d ms p99=%d ms max=%d ms%n", what, sorted.size(),
                percentile(sorted, 50), percentile(sorted, 90), percentile(sorted, 99), sorted.get(sorted.size() - 1));
    }

    private static long percentile(List<Long> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    /** The local executor, measuring how long each pipeline's commands ran. */
    static final class TimingExecutor implements StageExecutor {
        private final StageExecutor delegate;
        private final Map<String, AtomicLong> nanos = new ConcurrentHashMap<>();

        TimingExecutor(StageExecutor delegate) {
            this.delegate = delegate;
        }

        long millis(String pipelineId) {
            return nanos.getOrDefault(pipelineId, new AtomicLong()).get() / 1_000_000;
        }

        @Override
        public String name() {
            return delegate.name();
        }

        @Override
        public CommandResult run(CommandSpec spec) {
            long start = System.nanoTime();
            try {
                return delegate.run(spec);
            } finally {
                nanos.computeIfAbsent(spec.origin().pipelineId(), k -> new AtomicLong())
                        .addAndGet(System.nanoTime() - start);
            }
        }

        @Override
        public void close() {
            delegate.close();
        }
    }

    /** Builds nothing: image build time is excluded from the measure. */
    static final class NoopBuilder implements ImageBuilder {
        @Override
        public String name() {
            return "noop";
        }

        @Override
        public Outcome<LocalImage> build(ImageBuildRequest request) {
            return Outcome.success(new LocalImage("noop", request.localName()));
        }

        @Override
        public boolean exists(ImageBuildRequest request) {
            return true;
        }

        @Override
        public Outcome<String> push(ImageBuildRequest request, PushTarget target) {
            return Outcome.success(NOOP_DIGEST);
        }
    }

    /** A registry that has every tag: the push stage finds it present and reads its digest. */
    static final class NoopRegistry implements Registry {
        @Override
        public String kind() {
            return "noop";
        }

        @Override
        public Outcome<PushTarget> prepare(ImageRepository repository, String tag) {
            return Outcome.success(new PushTarget(repository.host(), repository.path(), tag, Optional.empty(), true));
        }

        @Override
        public Outcome<Optional<String>> digest(ImageRepository repository, String tag) {
            return Outcome.success(Optional.of(NOOP_DIGEST));
        }
    }
}
