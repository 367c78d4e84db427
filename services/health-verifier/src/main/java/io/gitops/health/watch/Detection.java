package io.gitops.health.watch;

import java.time.Instant;
import java.util.List;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.gitops.health.rules.Verdict;

/**
 * A watch's final verdict (healthy or failed) and when it was reached.
 *
 * @param at          when the verdict was reached
 * @param signalNanos {@link System#nanoTime()} when the observation that decided it reached the watch (the informer
 *                    event, or the timer), for measuring detection latency
 * @param workloads   the workloads as last seen (what a halt patches)
 */
public record Detection(Verdict verdict, Instant at, long signalNanos, List<HasMetadata> workloads) {

    public Detection {
        if (verdict instanceof Verdict.Progressing) {
            throw new IllegalArgumentException("a watch ends healthy or failed");
        }
        workloads = List.copyOf(workloads);
    }
}
