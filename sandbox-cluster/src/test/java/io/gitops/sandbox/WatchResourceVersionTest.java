package io.gitops.sandbox;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapList;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Watches from a resourceVersion, as informers use them: replay of what happened after it, 410 Expired when it is
 * older than the kept history, and no deletion lost between an informer's list and its watch.
 */
@Timeout(60) // a watch that never opens fails this test instead of hanging the build
class WatchResourceVersionTest {

  private static final String NS = "rv";

  private static ConfigMap configMap(String name, String value) {
    return new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata()
        .addToData("k", value).build();
  }

  /** Collects watch events as "TYPE name". */
  private static final class Recorder implements Watcher<ConfigMap> {
    final List<String> events = new CopyOnWriteArrayList<>();
    final CompletableFuture<WatcherException> closed = new CompletableFuture<>();

    @Override
    public void eventReceived(Action action, ConfigMap resource) {
      events.add(action + " " + resource.getMetadata().getName());
    }

    @Override
    public void onClose(WatcherException cause) {
      closed.complete(cause);
    }
  }

  /** Records informer callbacks as "ADD name", "UPDATE name", "DELETE name". */
  private static final class Handler implements ResourceEventHandler<ConfigMap> {
    final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void onAdd(ConfigMap obj) {
      events.add("ADD " + obj.getMetadata().getName());
    }

    @Override
    public void onUpdate(ConfigMap oldObj, ConfigMap newObj) {
      events.add("UPDATE " + newObj.getMetadata().getName());
    }

    @Override
    public void onDelete(ConfigMap obj, boolean deletedFinalStateUnknown) {
      events.add("DELETE " + obj.getMetadata().getName());
    }
  }

  /** A client whose first watch request runs {@code beforeWatch} first: the gap between an informer's list and watch. */
  private static KubernetesClient clientWithGap(SandboxCluster sandbox, Runnable beforeWatch) {
    AtomicBoolean done = new AtomicBoolean();
    ConfigBuilder builder = new ConfigBuilder(Config.empty()).withMasterUrl(sandbox.url()).withHttp2Disable(true)
        .withTrustCerts(true);
    if (sandbox.authorization()) {
      builder.withOauthToken(sandbox.adminToken());
    }
    Config config = builder.build();
    return new KubernetesClientBuilder().withConfig(config).withHttpClientBuilderConsumer(b -> b
        .addOrReplaceInterceptor("gap", new Interceptor() {
          @Override
          public void before(BasicBuilder builder, HttpRequest request, Interceptor.RequestTags tags) {
            if (request.uri().toString().contains("watch=true") && done.compareAndSet(false, true)) {
              beforeWatch.run();
            }
          }
        })).build();
  }

  private static void deleteOverHttp(SandboxCluster sandbox, String name) {
    Http.send("DELETE", sandbox.url() + "/api/v1/namespaces/" + NS + "/configmaps/" + name, null, null, null,
        token(sandbox));
  }

  private static String token(SandboxCluster sandbox) {
    return sandbox.authorization() ? sandbox.adminToken() : null;
  }

  @Test
  void givenAListsResourceVersion_whenAnObjectIsDeletedBeforeTheWatchStarts_thenTheWatchFromThatVersionSeesTheDeletion()
      throws Exception {
    // Given
    try (SandboxCluster sandbox = SandboxCluster.start(SandboxOptions.defaults().withSimulator(false))) {
      KubernetesClient client = sandbox.client();
      client.resource(configMap("a", "1")).create();
      client.resource(configMap("b", "1")).create();
      ConfigMapList list = client.configMaps().inNamespace(NS).list();
      client.configMaps().inNamespace(NS).withName("a").delete();
      Recorder recorder = new Recorder();

      // When
      Watch watch = client.configMaps().inNamespace(NS).withResourceVersion(list.getMetadata().getResourceVersion())
          .watch(recorder);

      // Then
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(recorder.events).containsExactly("DELETED a"));
      watch.close();
    }
  }

  @Test
  void givenAHistoryOfTwoEvents_whenAWatchStartsFromAnOlderVersion_thenItIsClosedWith410Expired() throws Exception {
    // Given
    try (SandboxCluster sandbox = SandboxCluster.start(SandboxOptions.defaults().withSimulator(false)
        .withWatchHistory(2))) {
      KubernetesClient client = sandbox.client();
      String old = client.resource(configMap("a", "1")).create().getMetadata().getResourceVersion();
      for (int i = 2; i <= 4; i++) {
        client.resource(configMap("a", String.valueOf(i))).update();
      }
      Recorder recorder = new Recorder();

      // When
      client.configMaps().inNamespace(NS).withResourceVersion(old).watch(recorder);

      // Then
      WatcherException cause = recorder.closed.get(30, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(cause.isHttpGone()).isTrue();
      assertThat(cause.getMessage()).contains("too old resource version: " + old);
      assertThat(recorder.events).isEmpty();
    }
  }

  @Test
  void givenAnInformer_whenAnObjectIsDeletedBetweenItsListAndItsWatch_thenItsDeletionIsDelivered() {
    // Given
    try (SandboxCluster sandbox = SandboxCluster.start(SandboxOptions.defaults().withSimulator(false))) {
      sandbox.client().resource(configMap("a", "1")).create();
      sandbox.client().resource(configMap("b", "1")).create();
      Handler handler = new Handler();
      AtomicBoolean gapRan = new AtomicBoolean();
      Runnable gap = () -> {
        deleteOverHttp(sandbox, "a");
        gapRan.set(true);
      };
      try (KubernetesClient client = clientWithGap(sandbox, gap)) {

        // When
        SharedIndexInformer<ConfigMap> informer = client.configMaps().inNamespace(NS).inform(handler);

        // Then
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
          assertThat(handler.events).containsExactlyInAnyOrder("ADD a", "ADD b", "DELETE a");
          assertThat(informer.getStore().list()).extracting(c -> c.getMetadata().getName()).containsExactly("b");
        });
        assertThat(gapRan).isTrue();
        informer.close();
      }
    }
  }

  @Test
  void givenAnInformerAndAHistoryOfOneEvent_whenMoreHappensBetweenListAndWatch_thenItRelistsAndLosesNoDeletion() {
    // Given
    try (SandboxCluster sandbox = SandboxCluster.start(SandboxOptions.defaults().withSimulator(false)
        .withWatchHistory(1))) {
      KubernetesClient admin = sandbox.client();
      admin.resource(configMap("a", "1")).create();
      admin.resource(configMap("b", "1")).create();
      Handler handler = new Handler();
      AtomicInteger writes = new AtomicInteger();
      Runnable gap = () -> {
        deleteOverHttp(sandbox, "a");
        Http.send("POST", sandbox.url() + "/api/v1/namespaces/" + NS + "/configmaps", "application/json", null,
            "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\",\"namespace\":\"" + NS
                + "\"},\"data\":{\"k\":\"1\"}}", token(sandbox));
        writes.incrementAndGet();
      };
      try (KubernetesClient client = clientWithGap(sandbox, gap)) {

        // When
        SharedIndexInformer<ConfigMap> informer = client.configMaps().inNamespace(NS).inform(handler);

        // Then
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
          assertThat(handler.events).contains("ADD a", "ADD b", "DELETE a", "ADD c");
          assertThat(informer.getStore().list()).extracting(c -> c.getMetadata().getName())
              .containsExactlyInAnyOrder("b", "c");
        });
        assertThat(writes).hasValue(1);
        informer.close();
      }
    }
  }

  @Test
  void givenAWatchWithLabelSelector_whenAnObjectStopsMatching_thenTheWatchSeesItDeleted() throws Exception {
    // Given
    try (SandboxCluster sandbox = SandboxCluster.start(SandboxOptions.defaults().withSimulator(false))) {
      KubernetesClient client = sandbox.client();
      ConfigMap labelled = new ConfigMapBuilder(configMap("a", "1")).editMetadata().addToLabels("tier", "web")
          .endMetadata().build();
      String from = client.resource(labelled).create().getMetadata().getResourceVersion();
      Recorder recorder = new Recorder();
      Watch watch = client.configMaps().inNamespace(NS).withLabel("tier", "web").withResourceVersion(from)
          .watch(recorder);

      // When
      client.configMaps().inNamespace(NS).withName("a").edit(c -> {
        c.getMetadata().getLabels().put("tier", "db");
        return c;
      });

      // Then
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(recorder.events).containsExactly("DELETED a"));
      watch.close();
    }
  }
}
