package io.gitops.health.verdict;

import java.util.List;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** Stops a failed rollout from going further, and lets a later revision roll out again. */
public interface Halter {

    /** What a halt did. {@code halted} is true only when every workload was halted (and there was one). */
    record Result(boolean halted, List<String> haltedWorkloads, List<String> problems) {
        public Result {
            haltedWorkloads = List.copyOf(haltedWorkloads);
            problems = List.copyOf(problems);
        }
    }

    /** Halts the rollout of {@code revision} of these workloads. */
    Result halt(String namespace, List<HasMetadata> workloads, String revision);

    /**
     * Resumes the workloads this verifier halted earlier, except those halted at {@code revision} itself (the
     * revision about to be watched is that failed one again, e.g. taken over after a restart before its verdict was
     * published: it stays halted while its verdict is recomputed); returns them as {@code Kind/name}.
     */
    List<String> resume(String namespace, List<HasMetadata> workloads, String revision);
}
