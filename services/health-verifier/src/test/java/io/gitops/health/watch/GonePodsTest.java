package io.gitops.health.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import org.junit.jupiter.api.Test;

/** Pods an informer still holds after a missed deletion are left out once the API server says they are gone. */
class GonePodsTest {

    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    private static final Duration INTERVAL = Duration.ofSeconds(1);

    private final Map<String, String> live = new HashMap<>();
    private final List<String> lookedUp = new ArrayList<>();
    private final GonePods gonePods = new GonePods(name -> {
        lookedUp.add(name);
        return Optional.ofNullable(live.get(name));
    }, INTERVAL);

    private static ReplicaSet replicaSet(String name, int replicas) {
        return new ReplicaSetBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withReplicas(replicas).endSpec().build();
    }

    private static Pod pod(String name, String uid, String replicaSet) {
        return new PodBuilder().withNewMetadata().withName(name).withUid(uid).addNewOwnerReference()
                .withKind("ReplicaSet").withName(replicaSet).withController(true).withUid("rs-" + replicaSet)
                .endOwnerReference().endMetadata().build();
    }

    @Test
    void givenAPodOfAReplicaSetScaledToZeroThatTheApiServerNoLongerHas_whenDropped_thenItIsLeftOut() {
        List<Pod> pods = new ArrayList<>(List.of(pod("app-old-1", "u1", "app-old"), pod("app-new-1", "u2", "app-new")));
        live.put("app-new-1", "u2");

        gonePods.dropFrom(pods, List.of(replicaSet("app-old", 0), replicaSet("app-new", 2)), T0);

        assertThat(pods).extracting(p -> p.getMetadata().getName()).containsExactly("app-new-1");
        assertThat(lookedUp).containsExactly("app-old-1");
    }

    @Test
    void givenALeavingPodThatStillExists_whenDroppedTwiceWithinTheInterval_thenItIsKeptAndLookedUpOnce() {
        List<Pod> pods = new ArrayList<>(List.of(pod("app-old-1", "u1", "app-old")));
        live.put("app-old-1", "u1");
        List<ReplicaSet> sets = List.of(replicaSet("app-old", 0));
        gonePods.dropFrom(new ArrayList<>(pods), sets, T0);

        gonePods.dropFrom(pods, sets, T0.plusMillis(500));

        assertThat(pods).hasSize(1);
        assertThat(lookedUp).containsExactly("app-old-1");
    }

    @Test
    void givenAPodReplacedByANewOneOfTheSameName_whenDropped_thenTheOldOneIsLeftOutForGood() {
        List<ReplicaSet> sets = List.of(replicaSet("app-old", 0));
        live.put("app-old-1", "another-uid");
        gonePods.dropFrom(new ArrayList<>(List.of(pod("app-old-1", "u1", "app-old"))), sets, T0);
        live.put("app-old-1", "u1");
        List<Pod> pods = new ArrayList<>(List.of(pod("app-old-1", "u1", "app-old")));

        gonePods.dropFrom(pods, sets, T0.plusSeconds(5));

        assertThat(pods).isEmpty();
        assertThat(lookedUp).hasSize(1);
    }

    @Test
    void givenPodsOfAReplicaSetThatStillWantsReplicas_whenDropped_thenNoneIsLookedUp() {
        List<Pod> pods = new ArrayList<>(List.of(pod("app-new-1", "u2", "app-new")));

        gonePods.dropFrom(pods, List.of(replicaSet("app-new", 2)), T0);

        assertThat(pods).hasSize(1);
        assertThat(lookedUp).isEmpty();
    }

    @Test
    void givenAnApiServerThatCannotAnswer_whenDropped_thenThePodIsKeptAndAskedAgainAfterTheInterval() {
        GonePods failing = new GonePods(name -> {
            lookedUp.add(name);
            throw new IllegalStateException("HTTP 503");
        }, INTERVAL);
        List<Pod> pods = new ArrayList<>(List.of(pod("app-old-1", "u1", "app-old")));
        List<ReplicaSet> sets = List.of(replicaSet("app-old", 0));
        failing.dropFrom(pods, sets, T0);

        failing.dropFrom(pods, sets, T0.plus(INTERVAL));

        assertThat(pods).hasSize(1);
        assertThat(lookedUp).hasSize(2);
    }
}
