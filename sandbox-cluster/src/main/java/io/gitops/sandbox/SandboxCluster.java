package io.gitops.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
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
import io.gitops.sandbox.apiserver.auth.AuthEndpoints;
import io.gitops.sandbox.apiserver.auth.Authorizer;
import io.gitops.sandbox.apiserver.auth.Rbac;
import io.gitops.sandbox.apiserver.auth.TokenAuthenticator;
import io.gitops.sandbox.apiserver.auth.UserInfo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
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
  /** Connection and request timeout of the clients the sandbox hands out (fabric8's default values). */
  private static final int CLIENT_TIMEOUT_MILLIS = 10_000;
  /** The simulator's User-Agent, so its writes are recorded under kube-controller-manager. */
  private static final String SIMULATOR_USER_AGENT = "kube-controller-manager/v1.32.0-sandbox";

  /** The simulator's identity: it stands in for kube-controller-manager and the kubelet. */
  static final String SIMULATOR_USER = "system:kube-controller-manager";

  /** What the API server is made of. */
  private record Wiring(KubernetesMockServer server, SandboxCrudDispatcher resources, TokenAuthenticator tokens) {
  }

  private final KubernetesMockServer server;
  private final SandboxCrudDispatcher resources;
  private final TokenAuthenticator tokens;
  private final boolean authorization;
  private final boolean tls;
  private final CompletableFuture<KubernetesClient> client;
  private final RolloutSimulator simulator;
  private final FailureRegistry failures;
  private final Duration startupTime;

  private SandboxCluster(Wiring wiring, SandboxOptions options, CompletableFuture<KubernetesClient> client,
      RolloutSimulator simulator, FailureRegistry failures, Duration startupTime) {
    this.server = wiring.server();
    this.resources = wiring.resources();
    this.tokens = wiring.tokens();
    this.authorization = options.authorization();
    this.tls = options.tls();
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
    TokenAuthenticator tokens = new TokenAuthenticator(options.clock());
    String adminToken = options.authorization() ? tokens.adminToken() : null;
    String simulatorToken = options.authorization()
        ? tokens.issueUser(SIMULATOR_USER, List.of(UserInfo.MASTERS), null) : null;
    RuntimeException lastFailure = null;
    for (int attempt = 0; attempt < BIND_ATTEMPTS; attempt++) {
      int port = options.port() != 0 ? options.port() : FreePort.pick(HOST);
      String url = (options.tls() ? "https://" : "http://") + HOST + ":" + port;
      CompletableFuture<KubernetesClient> client = CompletableFuture.supplyAsync(
          () -> newClient(url, null, adminToken), DaemonThread.named("sandbox-client"));
      try {
        Wiring wiring = startServer(port, options, failures, tokens);
        RolloutSimulator simulator = options.simulate()
            ? RolloutSimulator.start(() -> newClient(url, SIMULATOR_USER_AGENT, simulatorToken), failures,
                options.clock(), options.tick(), options.timeScale())
            : RolloutSimulator.disabled(failures);
        return new SandboxCluster(wiring, options, client, simulator, failures,
            Duration.ofNanos(System.nanoTime() - started));
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

  private static Wiring startServer(int port, SandboxOptions options, FailureRegistry failures,
      TokenAuthenticator tokens) {
    // Vert.x first: the client being built in parallel initialises fabric8's serialization meanwhile
    MockWebServer web = new MockWebServer();
    SandboxCrudDispatcher resources = new SandboxCrudDispatcher(ApiResourceCatalog.builtIn(), options.clock(),
        options.watchHistory());
    Rbac rbac = new Rbac();
    resources.addListener(new SandboxCrudDispatcher.ChangeListener() {
      @Override
      public boolean interestedIn(String apiGroup, String plural) {
        return Rbac.isRbac(apiGroup, plural) || (apiGroup.isEmpty() && "serviceaccounts".equals(plural));
      }

      @Override
      public void changed(String plural, JsonNode object, boolean deleted) {
        if ("serviceaccounts".equals(plural)) {
          if (deleted) {
            JsonNode metadata = object.path("metadata");
            tokens.serviceAccountDeleted(metadata.path("namespace").asText(), metadata.path("name").asText(),
                metadata.path("uid").asText(""));
          }
        } else {
          rbac.update(plural, object, deleted);
        }
      }
    });
    Authorizer authorizer = new Authorizer(rbac);
    Discovery discovery = new Discovery(ApiResourceCatalog.builtIn(), resources::customResourceDefinitions,
        () -> HOST + ":" + port);
    SandboxDispatcher.Security security = new SandboxDispatcher.Security(options.authorization(), tokens,
        authorizer, new AuthEndpoints(tokens, authorizer, options.authorization(), resources::stored));
    SandboxDispatcher dispatcher = new SandboxDispatcher(resources, discovery, new FailuresEndpoint(failures),
        security, () -> drain(web));
    KubernetesMockServer server = new KubernetesMockServer(new Context(Jsons.MAPPER), web,
        new HashMap<>(), dispatcher, options.tls());
    try {
      server.start(InetAddress.getByName(HOST), port);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Wiring(server, resources, tokens);
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

  private static KubernetesClient newClient(String url, String userAgent, String token) {
    ConfigBuilder config = new ConfigBuilder(Config.empty())
        .withMasterUrl(url)
        .withTrustCerts(url.startsWith("https:"))
        .withNamespace("default")
        .withHttp2Disable(true)
        .withRequestRetryBackoffLimit(0)
        // finite, so that no request (nor a watch's WebSocket handshake) of the client can wait without bound
        .withConnectionTimeout(CLIENT_TIMEOUT_MILLIS)
        .withRequestTimeout(CLIENT_TIMEOUT_MILLIS);
    if (userAgent != null) {
      config.withUserAgent(userAgent);
    }
    if (token != null) {
      config.withOauthToken(token);
    }
    return new KubernetesClientBuilder().withConfig(config.build()).build();
  }

  /** The API server's base URL, e.g. {@code http://127.0.0.1:41234} ({@code https://} with TLS on). */
  public String url() {
    return (tls ? "https://" : "http://") + HOST + ":" + server.getPort();
  }

  public int port() {
    return server.getPort();
  }

  /** A fabric8 client for the sandbox (owned by the sandbox: closed by {@link #close()}). */
  public KubernetesClient client() {
    return client.join();
  }

  /**
   * A new fabric8 client that authenticates with {@code token} (e.g. from {@link #serviceAccountToken}); the caller
   * closes it.
   */
  public KubernetesClient client(String token) {
    return newClient(url(), null, token);
  }

  /**
   * Writes a kubeconfig for the sandbox (usable by fabric8 and kubectl) and returns its path. With authorization
   * on it holds the admin token.
   */
  public Path writeKubeconfig(Path file) {
    return writeKubeconfig(file, authorization ? tokens.adminToken() : null);
  }

  /** Writes a kubeconfig holding {@code token} (null: no credentials) and returns its path. */
  public Path writeKubeconfig(Path file, String token) {
    try {
      return Kubeconfig.write(url(), token, file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The kubeconfig's content (with the admin token when authorization is on). */
  public String kubeconfig() {
    return Kubeconfig.render(url(), authorization ? tokens.adminToken() : null);
  }

  /** Whether requests are authenticated and authorized ({@link SandboxOptions#withAuthorization}). */
  public boolean authorization() {
    return authorization;
  }

  /** The token of user {@code admin} in group {@code system:masters} (it never expires). */
  public String adminToken() {
    return tokens.adminToken();
  }

  /**
   * A token for the ServiceAccount {@code namespace/name}, as the TokenRequest API issues it; it authenticates as
   * {@code system:serviceaccount:<namespace>:<name>} until {@code ttl} has passed or the ServiceAccount is deleted.
   *
   * @throws IllegalArgumentException if the ServiceAccount does not exist
   */
  public String serviceAccountToken(String namespace, String name, Duration ttl) {
    JsonNode account = resources.stored("/api/v1/namespaces/" + namespace + "/serviceaccounts/" + name)
        .orElseThrow(() -> new IllegalArgumentException("serviceaccounts \"" + name + "\" not found in namespace "
            + namespace));
    return tokens.issueServiceAccount(namespace, name, account.path("metadata").path("uid").asText(""), ttl,
        List.of(TokenAuthenticator.DEFAULT_AUDIENCE)).token();
  }

  /**
   * A token for any user name and groups (plus {@code system:authenticated}), like a line of kube-apiserver's
   * static token file; it does not expire.
   */
  public String userToken(String user, String... groups) {
    return tokens.issueUser(user, List.of(groups), null);
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
