package io.gitops.health.rules;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.gitops.config.SafeYaml;
import io.gitops.events.EventCodec;

/**
 * One file of {@code health-fixtures/}: a state of workloads and pods (what the informers would hold), the history of
 * earlier observations, and the verdict the rules must reach: {@code expected: {status, reason, message}}.
 */
public record HealthFixture(String name, String description, ClusterSnapshot snapshot, ObservationHistory history,
                     Thresholds thresholds, String status, String reason, String message) {

    static final Path DIRECTORY = Path.of("src/test/resources/health-fixtures");
    static final Instant DEFAULT_NOW = Instant.parse("2026-11-27T10:00:10Z");
    private static final ObjectMapper MAPPER = EventCodec.mapper();

    public static List<Path> files() {
        try (var stream = Files.list(DIRECTORY)) {
            return stream.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    public static HealthFixture load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Object> doc = (Map<String, Object>) SafeYaml.load(text, file.toString());
        Instant now = doc.containsKey("now") ? Instant.parse(String.valueOf(doc.get("now"))) : DEFAULT_NOW;
        List<HasMetadata> workloads = new ArrayList<>();
        if (doc.get("workload") != null) {
            workloads.add(workload((Map<String, Object>) doc.get("workload")));
        }
        for (Object item : (List<Object>) doc.getOrDefault("workloads", List.of())) {
            workloads.add(workload((Map<String, Object>) item));
        }
        List<ReplicaSet> replicaSets = ((List<Object>) doc.getOrDefault("replicaSets", List.of())).stream()
                .map(rs -> MAPPER.convertValue(rs, ReplicaSet.class)).toList();
        List<Pod> pods = ((List<Object>) doc.getOrDefault("pods", List.of())).stream()
                .map(p -> MAPPER.convertValue(p, Pod.class)).toList();
        ObservationHistory history = new ObservationHistory();
        for (Object item : (List<Object>) doc.getOrDefault("history", List.of())) {
            Map<String, Object> h = (Map<String, Object>) item;
            history.put(String.valueOf(h.get("rule")), String.valueOf(h.get("pod")), String.valueOf(h.get("container")),
                    new ObservationHistory.Streak(Instant.parse(String.valueOf(h.get("since"))),
                            ((Number) h.get("observations")).intValue()));
        }
        Map<String, Object> expected = (Map<String, Object>) doc.get("expected");
        String namespace = String.valueOf(doc.getOrDefault("namespace", "shop-staging"));
        String selector = String.valueOf(doc.getOrDefault("selector", "gitops.io/app=shop,gitops.io/env=staging"));
        return new HealthFixture(file.getFileName().toString(), String.valueOf(doc.get("description")),
                new ClusterSnapshot(namespace, selector, workloads, replicaSets, pods, now), history,
                Thresholds.DEFAULTS, String.valueOf(expected.get("status")),
                expected.get("reason") == null ? null : String.valueOf(expected.get("reason")),
                String.valueOf(expected.get("message")));
    }

    private static HasMetadata workload(Map<String, Object> map) {
        return switch (String.valueOf(map.get("kind"))) {
            case "Deployment" -> MAPPER.convertValue(map, Deployment.class);
            case "StatefulSet" -> MAPPER.convertValue(map, StatefulSet.class);
            default -> throw new IllegalArgumentException("fixture workload kind " + map.get("kind"));
        };
    }

    /** The fixture named {@code file} (e.g. {@code deployment-healthy.yaml}). */
    public static HealthFixture named(String file) {
        return load(DIRECTORY.resolve(file));
    }

    @Override
    public String toString() {
        return name;
    }
}
