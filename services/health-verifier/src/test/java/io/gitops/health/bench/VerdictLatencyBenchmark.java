package io.gitops.health.bench;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.gitops.events.Event;
import io.gitops.events.Topics;
import io.gitops.events.data.RolloutFailed;
import io.gitops.health.metrics.HealthMetrics;
import io.gitops.health.model.AppEnv;
import io.gitops.health.model.HealthSettings;
import io.gitops.health.rules.HealthEvaluator;
import io.gitops.health.rules.HealthRules;
import io.gitops.health.rules.Thresholds;
import io.gitops.health.rules.Verdict;
import io.gitops.health.testing.TestVerifiers;
import io.gitops.testing.sandbox.Workloads;
import io.gitops.health.verdict.KubernetesHalter;
import io.gitops.health.verdict.RolloutLedger;
import io.gitops.health.verdict.RolloutVerifier;
import io.gitops.health.watch.InformerWorkloadViews;
import io.gitops.kit.EventPublisher;
import io.gitops.kit.Retry;
import io.gitops.kit.kafka.KafkaClientSettings;
import io.gitops.sandbox.FailureMode;
import io.gitops.sandbox.SandboxCluster;
import io.gitops.sandbox.SandboxOptions;
import io.gitops.testing.kafka.KafkaTestBroker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * First failure signal → verdict published. For each run a fresh (app, env) gets a Deployment whose image
 * crash-loops in the sandbox; the verifier (its production classes: informers, rules, halt, {@code acks=all}
 * publisher to a real in-JVM Kafka broker) watches it. A separate informer of the harness records when the first pod
 * status update showing {@code CrashLoopBackOff} arrives; the latency is from then to the broker's acknowledgement of
 * the failed verdict. Also reports whether the verdict was decided by that very update (same pod resourceVersion).
 *
 * <p>Run: {@code bench/health-verifier/run.sh [runs]} (see docs/benchmarks/health-verifier.md).
 */
public final class VerdictLatencyBenchmark {

    private record Signal(long nanos, String pod, String resourceVersion) {
    }

    /** Held so that their levels stick (JUL keeps loggers weakly). */
    private static final List<java.util.logging.Logger> QUIET = List.of("io.gitops", "io.fabric8",
            "org.apache.kafka", "kafka", "io.vertx").stream().map(java.util.logging.Logger::getLogger).toList();

    private VerdictLatencyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        QUIET.forEach(logger -> logger.setLevel(java.util.logging.Level.SEVERE));
        int warmup = Math.max(3, runs / 10);
        try (SandboxCluster sandbox = SandboxCluster.start(SandboxOptions.defaults().withTick(Duration.ofMillis(100)));
             KafkaTestBroker broker = KafkaTestBroker.start();
             KubernetesClient verifierClient = new KubernetesClientBuilder().withConfig(
                     new io.fabric8.kubernetes.client.ConfigBuilder().withMasterUrl(sandbox.url())
                             .withHttp2Disable(true).build()).build()) {
            sandbox.simulator().awaitAttached(Duration.ofSeconds(30));
            broker.createTopics(Map.of(Topics.ROLLOUT, 6));
            try (EventPublisher publisher = EventPublisher.create(KafkaClientSettings.of(broker.bootstrapServers()),
                    "bench", Duration.ofSeconds(5), Map.of())) {
                Retry retry = new Retry(3, Duration.ofMillis(50), Duration.ofMillis(200));
                Retry.Sleeper sleeper = d -> Thread.sleep(d.toMillis());
                RolloutVerifier verifier = new RolloutVerifier(new RolloutVerifier.Parts(
                        new InformerWorkloadViews(verifierClient, Duration.ofSeconds(2), Duration.ofSeconds(10)),
                        new HealthEvaluator(HealthRules.builtIn(), Thresholds.DEFAULTS),
                        new KubernetesHalter(verifierClient, retry, sleeper), new RolloutLedger(10_000),
                        e -> publisher.publish(e).partition(), new HealthMetrics(new SimpleMeterRegistry()),
                        Duration.ofSeconds(5), retry, sleeper, a -> HealthSettings.DEFAULT, Clock.systemUTC()));
                BlockingQueue<RolloutVerifier.Concluded> concluded = new LinkedBlockingQueue<>();
                verifier.onConcluded(concluded::add);
                List<Double> latencies = new ArrayList<>();
                List<Double> internal = new ArrayList<>();
                List<Double> barePatch = new ArrayList<>();
                List<Double> barePublish = new ArrayList<>();
                int firstUpdate = 0;
                for (int i = 0; i < warmup + runs; i++) {
                    Result result = run(sandbox, verifier, concluded);
                    // baselines in the same run: one merge patch of that Deployment, one acks=all publish
                    long t0 = System.nanoTime();
                    verifierClient.apps().deployments().inNamespace(TestVerifiers.namespace(result.app()))
                            .withName(result.app().app()).patch(PatchContext.of(PatchType.JSON_MERGE),
                                    "{\"metadata\":{\"annotations\":{\"bench\":\"" + i + "\"}}}");
                    long t1 = System.nanoTime();
                    publisher.publish(result.event());
                    long t2 = System.nanoTime();
                    if (i >= warmup) {
                        latencies.add(result.millis());
                        internal.add(result.internalMillis());
                        firstUpdate += result.firstUpdate() ? 1 : 0;
                        barePatch.add((t1 - t0) / 1e6);
                        barePublish.add((t2 - t1) / 1e6);
                    }
                }
                verifier.close();
                report(runs, warmup, latencies, internal, firstUpdate);
                System.out.printf(Locale.ROOT, "baseline, same run: one merge patch p50=%.1f ms p99=%.1f ms; "
                        + "one acks=all publish p50=%.1f ms p99=%.1f ms%n", pct(barePatch, 50), pct(barePatch, 99),
                        pct(barePublish, 50), pct(barePublish, 99));
            }
        }
        System.exit(0);
    }

    private record Result(AppEnv app, Event<?> event, double millis, double internalMillis, boolean firstUpdate) {
    }

    private static Result run(SandboxCluster sandbox, RolloutVerifier verifier,
                              BlockingQueue<RolloutVerifier.Concluded> concluded) throws InterruptedException {
        AppEnv app = new AppEnv("bench-" + UUID.randomUUID().toString().substring(0, 8), "staging");
        String namespace = TestVerifiers.namespace(app);
        String image = "registry.local:5000/" + app.app() + ":" + Workloads.tag(app.app());
        sandbox.simulator().failImage(image, FailureMode.CRASHLOOP);
        Map<String, Signal> firstCrash = new ConcurrentHashMap<>();
        KubernetesClient client = sandbox.client();
        SharedIndexInformer<Pod> harness = client.pods().inNamespace(namespace).inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                seen(pod);
            }

            @Override
            public void onUpdate(Pod oldPod, Pod newPod) {
                seen(newPod);
            }

            @Override
            public void onDelete(Pod pod, boolean unknown) {
                // not needed
            }

            private void seen(Pod pod) {
                long now = System.nanoTime();
                List<ContainerStatus> statuses = pod.getStatus() == null ? null : pod.getStatus().getContainerStatuses();
                if (statuses != null && statuses.stream().anyMatch(c -> c.getState() != null
                        && c.getState().getWaiting() != null
                        && "CrashLoopBackOff".equals(c.getState().getWaiting().getReason()))) {
                    firstCrash.putIfAbsent("first", new Signal(now, pod.getMetadata().getName(),
                            pod.getMetadata().getResourceVersion()));
                }
            }
        });
        Workloads.apply(client, Workloads.deployment(namespace, app.app(), app.labels(), image, 1));
        verifier.start(TestVerifiers.applied(app, app.app(), List.of(image),
                new HealthSettings(Duration.ofSeconds(60), Duration.ZERO)));
        RolloutVerifier.Concluded result = concluded.poll(60, TimeUnit.SECONDS);
        harness.close();
        sandbox.simulator().clearImage(image);
        Signal signal = firstCrash.get("first");
        if (result == null || !(result.event() != null && result.event().data() instanceof RolloutFailed failed)
                || signal == null) {
            throw new IllegalStateException("run " + app + " did not end in a crash-loop verdict: " + result);
        }
        Verdict.Evidence evidence = ((Verdict.Failed) result.detection().verdict()).evidence();
        boolean sameUpdate = evidence != null && signal.pod().equals(evidence.name())
                && signal.resourceVersion().equals(evidence.resourceVersion());
        return new Result(app, result.event(), (result.publishedNanos() - signal.nanos()) / 1e6,
                (result.publishedNanos() - result.detection().signalNanos()) / 1e6,
                sameUpdate && failed.message().contains("(1 restart,"));
    }

    private static void report(int runs, int warmup, List<Double> latencies, List<Double> internal, int firstUpdate) {
        System.out.printf(Locale.ROOT, "runs=%d (after %d warm-up runs) at %s%n", runs, warmup, Instant.now());
        System.out.printf(Locale.ROOT, "first CrashLoopBackOff status seen by an informer -> failed verdict acked: "
                + "p50=%.1f ms p90=%.1f ms p99=%.1f ms max=%.1f ms mean=%.1f ms%n", pct(latencies, 50),
                pct(latencies, 90), pct(latencies, 99), Collections.max(latencies), mean(latencies));
        System.out.printf(Locale.ROOT, "deciding update at the verifier's watch -> verdict acked (halt + publish): "
                + "p50=%.1f ms p99=%.1f ms%n", pct(internal, 50), pct(internal, 99));
        System.out.printf(Locale.ROOT, "decided on the first status update showing CrashLoopBackOff: %d of %d runs%n",
                firstUpdate, runs);
    }

    private static double pct(List<Double> values, int percentile) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }
}
