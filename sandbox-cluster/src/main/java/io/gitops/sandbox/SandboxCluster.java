package io.gitops.sandbox;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.gitops.sandbox.apiserver.ApiResourceCatalog;
import io.gitops.sandbox.apiserver.Discovery;
import io.gitops.sandbox.apiserver.FailuresEndpoint;
import io.gitops.sandbox.apiserver.Jsons;
import io.gitops.sandbox.apiserver.SandboxCrudDispatcher;
import io.gitops.sandbox.apiserver.SandboxDispatcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A Kubernetes API sandbox — not a cluster: the fabric8 mock API server (CRUD mode) extended with server-side apply,
 * managedFields, generation semantics and discovery, plus a rollout simulator standing in for the controllers and
 * the kubelet. Start one with {@link #start(SandboxOptions)}; close it when done.
 */
public final class SandboxCluster implements AutoCloseable {

  private static final Logger MOCK_SERVER_LOG = Logger.getLogger(MockWebServer.class.getName());
  private static final String HOST = "127.0.0.1";
  private static final int BIND_ATTEMPTS = 3;
  /** The simulator's User-Agent, so its writes are recorded under kube-controller-manager. */
  private static final String SIMULATOR_USER_AGENT = "kube-controller-manager/v1.32.0-sandbox";

  private final KubernetesMockServer server;
  private final CompletableFuture<KubernetesClient> client;
  private final RolloutSimulator simulator;
  private final FailureRegistry failures;
  private final Duration startupTime;

  private SandboxCluster(KubernetesMockServer server, CompletableFuture<KubernetesClient> client, RolloutSimulator simulator,
      FailureRegistry failures, Duration startupTime) {
    this.server = server;
    this.client = client;
    this.simulator = simulator;
    this.failures = failures;
    this.startupTime = startupTime;
  }

  /** Starts a sandbox with the default options (random port, 200 ms tick, simulator on). */
  public static SandboxCluster start() {
    return start(SandboxOptions.defaults());
  }

  /**
   * Starts the API server and returns once it serves requests. The fabric8 client ({@link #client()}) is built in
   * parallel and the rollout simulator attaches in the background (see {@link RolloutSimulator#awaitAttached}).
   */
  public static SandboxCluster start(SandboxOptions options) {
    long started = System.nanoTime();
    MOCK_SERVER_LOG.setLevel(Level.WARNING);
    FailureRegistry failures = new FailureRegistry();
    RuntimeException lastFailure = null;
    for (int attempt = 0; attempt < BIND_ATTEMPTS; attempt++) {
      int port = options.port() != 0 ? options.port() : FreePort.pick(HOST);
      String url = "http://" + HOST + ":" + port;
      CompletableFuture<KubernetesClient> client = CompletableFuture.supplyAsync(() -> newClient(url, null),
          DaemonThread.named("sandbox-client"));
      try {
        KubernetesMockServer server = startServer(port, options, failures);
        RolloutSimulator simulator = options.simulate()
            ? RolloutSimulator.start(() -> newClient(url, SIMULATOR_USER_AGENT), failures, options.clock(),
                options.tick(), options.timeScale())
            : RolloutSimulator.disabled(failures);
        return new SandboxCluster(server, client, simulator, failures, Duration.ofNanos(System.nanoTime() - started));
      } catch (RuntimeException e) {
        client.thenAccept(KubernetesClient::close);
        lastFailure = e;
        if (options.port() != 0) {
          break;
        }
      }
    }
    throw new IllegalStateException("the sandbox API server could not start", lastFailure);
  }

  private static KubernetesMockServer startServer(int port, SandboxOptions options, FailureRegistry failures) {
    // Vert.x first: the client being built in parallel initialises fabric8's serialization meanwhile
    MockWebServer web = new MockWebServer();
    SandboxCrudDispatcher resources = new SandboxCrudDispatcher(ApiResourceCatalog.builtIn(), options.clock());
    Discovery discovery = new Discovery(ApiResourceCatalog.builtIn(), resources::customResourceDefinitions,
        () -> HOST + ":" + port);
    SandboxDispatcher dispatcher = new SandboxDispatcher(resources, discovery, new FailuresEndpoint(failures),
        () -> drain(web));
    KubernetesMockServer server = new KubernetesMockServer(new Context(Jsons.MAPPER), web,
        new HashMap<>(), dispatcher, false);
    try {
      server.start(InetAddress.getByName(HOST), port);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return server;
  }

  /** The fabric8 mock server keeps every request for inspection; a long-running sandbox must not. */
  private static void drain(MockWebServer web) {
    try {
      while (web.takeRequest(0, TimeUnit.MILLISECONDS) != null) {
        // discard
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static KubernetesClient newClient(String url, String userAgent) {
    ConfigBuilder config = new ConfigBuilder(Config.empty())
        .withMasterUrl(url)
        .withNamespace("default")
        .withHttp2Disable(true)
        .withRequestRetryBackoffLimit(0);
    if (userAgent != null) {
      config.withUserAgent(userAgent);
    }
    return new KubernetesClientBuilder().withConfig(config.build()).build();
  }

  /** The API server's base URL, e.g. {@code http://127.0.0.1:41234}. */
  public String url() {
    return "http://" + HOST + ":" + server.getPort();
  }

  public int port() {
    return server.getPort();
  }

  /** A fabric8 client for the sandbox (owned by the sandbox: closed by {@link #close()}). */
  public KubernetesClient client() {
    return client.join();
  }

  /** Writes a kubeconfig for the sandbox (usable by fabric8 and kubectl) and returns its path. */
  public Path writeKubeconfig(Path file) {
    try {
      return Kubeconfig.write(url(), file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The kubeconfig's content. */
  public String kubeconfig() {
    return Kubeconfig.render(url());
  }

  public RolloutSimulator simulator() {
    return simulator;
  }

  /** The failure rules (shared by {@link #simulator()} and the HTTP control API). */
  public FailureRegistry failures() {
    return failures;
  }

  /** How long {@link #start(SandboxOptions)} took. */
  public Duration startupTime() {
    return startupTime;
  }

  @Override
  public void close() {
    simulator.close();
    client.handle((c, failure) -> {
      if (c != null) {
        c.close();
      }
      return null;
    }).join();
    server.shutdown();
  }
}
