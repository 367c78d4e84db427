package io.gitops.sandbox;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.gitops.sandbox.simulator.DeploymentController;
import io.gitops.sandbox.simulator.Kubelet;
import io.gitops.sandbox.simulator.SimulatorContext;
import io.gitops.sandbox.simulator.StatefulSetController;
import io.gitops.sandbox.simulator.WorkKey;
import io.gitops.sandbox.simulator.WorkQueue;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The rollout simulator: stands in for the Deployment/ReplicaSet/StatefulSet controllers and the kubelet inside the
 * sandbox. Driven by watches (informers) on Deployments, StatefulSets and Pods; pods advance one step per tick.
 * Tell it which images fail with {@link #failImage} and {@link #clearImage}. It attaches to the API server in the
 * background right after the sandbox starts; objects created before it attached are picked up by its initial list.
 */
public final class RolloutSimulator implements AutoCloseable {

  /** The parts that exist once the simulator is attached. */
  private record Attached(KubernetesClient client, WorkQueue queue, List<SharedIndexInformer<?>> informers) {
  }

  private final FailureRegistry failures;
  private final CompletableFuture<Attached> attached;

  private RolloutSimulator(FailureRegistry failures, CompletableFuture<Attached> attached) {
    this.failures = failures;
    this.attached = attached;
  }

  /** A simulator that only keeps failure rules (for a sandbox started with the simulator off). */
  static RolloutSimulator disabled(FailureRegistry failures) {
    return new RolloutSimulator(failures, null);
  }

  /** Starts attaching to the sandbox through a client from {@code clients} (which the simulator owns). */
  static RolloutSimulator start(Supplier<KubernetesClient> clients, FailureRegistry failures, Clock clock,
      Duration tick, double timeScale) {
    return new RolloutSimulator(failures,
        CompletableFuture.supplyAsync(() -> attach(clients.get(), failures, clock, tick, timeScale),
            DaemonThread.named("sandbox-simulator-attach")));
  }

  private static Attached attach(KubernetesClient client, FailureRegistry failures, Clock clock, Duration tick,
      double timeScale) {
    Dispatch dispatch = new Dispatch();
    WorkQueue queue = new WorkQueue(dispatch, tick);
    SimulatorContext ctx = new SimulatorContext(client, failures, clock, tick, timeScale, queue);
    Kubelet kubelet = new Kubelet(ctx);
    DeploymentController deployments = new DeploymentController(ctx, kubelet);
    dispatch.bind(kubelet, deployments, new StatefulSetController(ctx, kubelet));
    failures.onChange(image -> queue.enqueue(WorkKey.allPods()));
    SharedIndexInformer<?> deploymentInformer = client.apps().deployments().inAnyNamespace().inform(
        onSpecChange(d -> WorkKey.deployment(d.getMetadata().getNamespace(), d.getMetadata().getName()),
            d -> queue.enqueue(WorkKey.forget(d.getMetadata().getUid())), queue));
    SharedIndexInformer<?> statefulSetInformer = client.apps().statefulSets().inAnyNamespace().inform(
        onSpecChange((StatefulSet s) -> WorkKey.statefulSet(s.getMetadata().getNamespace(),
            s.getMetadata().getName()), s -> { }, queue));
    SharedIndexInformer<?> podInformer = client.pods().inAnyNamespace().inform(new ResourceEventHandler<Pod>() {
      @Override
      public void onAdd(Pod pod) {
        // the simulator admits the pods it creates itself
      }

      @Override
      public void onUpdate(Pod oldPod, Pod newPod) {
        // pod status changes come from the simulator itself
      }

      @Override
      public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
        kubelet.ownerKey(pod).ifPresent(queue::enqueue);
      }
    });
    return new Attached(client, queue, List.of(deploymentInformer, statefulSetInformer, podInformer));
  }

  private static <T extends HasMetadata> ResourceEventHandler<T> onSpecChange(Function<T, WorkKey> key,
      Consumer<T> onDelete, WorkQueue queue) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        queue.enqueue(key.apply(obj));
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        if (!Objects.equals(oldObj.getMetadata().getGeneration(), newObj.getMetadata().getGeneration())
            || !Objects.equals(oldObj.getMetadata().getAnnotations(), newObj.getMetadata().getAnnotations())) {
          queue.enqueue(key.apply(newObj));
        }
      }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        onDelete.accept(obj);
      }
    };
  }

  /** Routes work keys to the part that handles them. */
  private static final class Dispatch implements Consumer<WorkKey> {
    private Kubelet kubelet;
    private DeploymentController deployments;
    private StatefulSetController statefulSets;

    void bind(Kubelet k, DeploymentController d, StatefulSetController s) {
      this.kubelet = k;
      this.deployments = d;
      this.statefulSets = s;
    }

    @Override
    public void accept(WorkKey key) {
      switch (key.kind()) {
        case DEPLOYMENT -> deployments.reconcile(key.namespace(), key.name());
        case STATEFULSET -> statefulSets.reconcile(key.namespace(), key.name());
        case REPLICASET -> kubelet.deploymentOf(key.namespace(), key.name())
            .ifPresent(d -> deployments.reconcile(d.namespace(), d.name()));
        case POD -> kubelet.tick(key.namespace(), key.name());
        case ALL_PODS -> kubelet.recheckAll();
        case FORGET -> deployments.forget(key.name());
      }
    }
  }

  /** Makes containers of {@code image} (exact reference, or {@code :tag} for any image with that tag) fail. */
  public void failImage(String image, FailureMode mode) {
    failures.fail(image, mode);
  }

  /** Clears the failure for {@code image}; pods using it recover on their next tick. */
  public boolean clearImage(String image) {
    return failures.clear(image);
  }

  /** The current failure rules, by image. */
  public Map<String, FailureMode> failures() {
    return failures.rules();
  }

  /** Whether the simulator drives rollouts (false when the sandbox was started without it). */
  public boolean isEnabled() {
    return attached != null;
  }

  /**
   * Waits until the simulator watches the API server.
   *
   * @throws IllegalStateException if it is disabled, failed to attach, or did not attach in time
   */
  public void awaitAttached(Duration timeout) {
    if (attached == null) {
      throw new IllegalStateException("the rollout simulator is disabled in this sandbox");
    }
    try {
      attached.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the rollout simulator", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("the rollout simulator did not attach within " + timeout, e);
    }
  }

  @Override
  public void close() {
    if (attached == null) {
      return;
    }
    CompletableFuture<Void> closed = attached.thenAccept(a -> {
      a.informers().forEach(SharedIndexInformer::close);
      a.queue().close();
      a.client().close();
    });
    try {
      closed.get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // nothing attached, nothing to close
    }
  }
}
