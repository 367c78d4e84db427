package io.gitops.health.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.gitops.health.verdict.Halter;

/** A {@link Halter} that remembers what it was asked, in order. */
public final class RecordingHalter implements Halter {

    public final List<String> calls = new CopyOnWriteArrayList<>();

    @Override
    public Result halt(String namespace, List<HasMetadata> workloads, String revision) {
        List<String> refs = workloads.stream().map(w -> w.getKind() + "/" + w.getMetadata().getName()).toList();
        calls.add("halt " + refs);
        return new Result(true, refs, List.of());
    }

    @Override
    public List<String> resume(String namespace, List<HasMetadata> workloads, String revision) {
        calls.add("resume");
        return List.of();
    }
}
