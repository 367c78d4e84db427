package io.gitops.sandbox.bench;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.gitops.sandbox.SandboxCluster;
import io.gitops.sandbox.SandboxOptions;
import io.gitops.sandbox.apiserver.auth.Authorizer;
import io.gitops.sandbox.apiserver.auth.Rbac;
import io.gitops.sandbox.apiserver.auth.RequestAttributes;
import io.gitops.sandbox.apiserver.auth.TokenAuthenticator;
import io.gitops.sandbox.apiserver.auth.UserInfo;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Duration;
import java.util.Locale;

/**
 * The per-request cost of authentication + RBAC: N GETs and N server-side applies of one Deployment with
 * authorization off (http), on over http, and on over https (what kubectl needs), in one JVM. With authorization on
 * the client is a ServiceAccount bound by a RoleBinding (plus 50 unrelated bindings), so every request goes through
 * RBAC rather than the system:masters shortcut. Each configuration runs twice and the second round is reported (the
 * first warms the JIT). It also times the authorization pipeline alone, in process. Not part of the suite (no
 * *Test/*IT name). Run:
 *
 * <pre>
 *   ./mvnw -q -o -pl sandbox-cluster test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 *   java -cp sandbox-cluster/target/test-classes:sandbox-cluster/target/classes:$(cat /tmp/cp.txt) \
 *       io.gitops.sandbox.bench.AuthorizationBenchmark 2000
 * </pre>
 */
public final class AuthorizationBenchmark {

  private static final String NS = "bench";

  private AuthorizationBenchmark() {
  }

  /** Mean microseconds per GET and per apply. */
  private record Result(String label, double getMicros, double applyMicros) {
  }

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    Result off = null;
    Result onHttp = null;
    Result onHttps = null;
    // round 1 warms the JIT for all three; round 2 is reported
    for (int round = 1; round <= 2; round++) {
      off = run("authorization off (http)", SandboxOptions.defaults().withSimulator(false), n);
      onHttp = run("authorization on (http)", SandboxOptions.defaults().withSimulator(false)
          .withAuthorization(true).withTls(false), n);
      onHttps = run("authorization on (https)", SandboxOptions.defaults().withSimulator(false)
          .withAuthorization(true), n);
    }
    System.out.printf(Locale.ROOT, "in-process authentication + request attributes + RBAC decision: %.0f ns/request%n",
        pipelineNanos(200_000));
    System.out.printf(Locale.ROOT, "N=%d%n", n);
    for (Result r : new Result[] {off, onHttp, onHttps}) {
      System.out.printf(Locale.ROOT, "%-26s GET %8.1f us/op   apply %8.1f us/op%n", r.label(), r.getMicros(),
          r.applyMicros());
    }
    System.out.printf(Locale.ROOT, "ratio on(http)/off:  GET %.2f   apply %.2f%n", onHttp.getMicros() / off.getMicros(),
        onHttp.applyMicros() / off.applyMicros());
    System.out.printf(Locale.ROOT, "ratio on(https)/off: GET %.2f   apply %.2f%n",
        onHttps.getMicros() / off.getMicros(), onHttps.applyMicros() / off.applyMicros());
  }

  private static Result run(String label, SandboxOptions options, int n) {
    try (SandboxCluster sandbox = SandboxCluster.start(options)) {
      KubernetesClient admin = sandbox.client();
      admin.resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).serverSideApply();
      admin.resource(new ServiceAccountBuilder().withNewMetadata().withName("svc").withNamespace(NS).endMetadata()
          .build()).serverSideApply();
      for (int i = 0; i < 50; i++) {
        admin.resource(new RoleBindingBuilder().withNewMetadata().withName("noise-" + i).withNamespace(NS)
            .endMetadata().withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "view")
            .addNewSubject().withKind("User").withName("someone-" + i).endSubject().build()).serverSideApply();
      }
      admin.resource(new RoleBuilder().withNewMetadata().withName("svc").withNamespace(NS).endMetadata()
          .addNewRule().withApiGroups("apps").withResources("deployments").withVerbs("get", "patch").endRule().build())
          .serverSideApply();
      admin.resource(new RoleBindingBuilder().withNewMetadata().withName("svc").withNamespace(NS).endMetadata()
          .withNewRoleRef("rbac.authorization.k8s.io", "Role", "svc")
          .addNewSubject().withKind("ServiceAccount").withName("svc").withNamespace(NS).endSubject().build())
          .serverSideApply();
      admin.resource(deployment(1)).fieldManager("bench").serverSideApply();
      try (KubernetesClient client = options.authorization()
          ? sandbox.client(sandbox.serviceAccountToken(NS, "svc", Duration.ofHours(1)))
          : sandbox.client(null)) {
        loop(client, n / 5);
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
          client.apps().deployments().inNamespace(NS).withName("web").get();
        }
        long t1 = System.nanoTime();
        for (int i = 0; i < n; i++) {
          client.resource(deployment(1 + i % 2)).fieldManager("bench").forceConflicts().serverSideApply();
        }
        long t2 = System.nanoTime();
        return new Result(label, (t1 - t0) / 1000.0 / n, (t2 - t1) / 1000.0 / n);
      }
    }
  }

  /**
   * What authorization adds to one request without HTTP: token lookup, method + path parsing and the RBAC walk over
   * the bootstrap policy, 50 unrelated RoleBindings and the one that allows.
   */
  private static double pipelineNanos(int iterations) throws Exception {
    TokenAuthenticator tokens = new TokenAuthenticator(java.time.Clock.systemUTC());
    Rbac rbac = new Rbac();
    ObjectMapper json = new ObjectMapper();
    for (int i = 0; i < 50; i++) {
      rbac.update(Rbac.ROLE_BINDINGS, json.readTree("{\"metadata\":{\"name\":\"noise-" + i + "\",\"namespace\":\""
          + NS + "\"},\"roleRef\":{\"kind\":\"ClusterRole\",\"name\":\"view\"},\"subjects\":[{\"kind\":\"User\","
          + "\"name\":\"someone-" + i + "\"}]}"), false);
    }
    rbac.update(Rbac.ROLES, json.readTree("{\"metadata\":{\"name\":\"svc\",\"namespace\":\"" + NS + "\"},"
        + "\"rules\":[{\"apiGroups\":[\"apps\"],\"resources\":[\"deployments\"],\"verbs\":[\"get\",\"patch\"]}]}"),
        false);
    rbac.update(Rbac.ROLE_BINDINGS, json.readTree("{\"metadata\":{\"name\":\"svc\",\"namespace\":\"" + NS
        + "\"},\"roleRef\":{\"kind\":\"Role\",\"name\":\"svc\"},\"subjects\":[{\"kind\":\"ServiceAccount\","
        + "\"name\":\"svc\",\"namespace\":\"" + NS + "\"}]}"), false);
    Authorizer authorizer = new Authorizer(rbac);
    String header = "Bearer " + tokens.issueServiceAccount(NS, "svc", "uid", Duration.ofHours(1),
        java.util.List.of(TokenAuthenticator.DEFAULT_AUDIENCE)).token();
    String path = "/apis/apps/v1/namespaces/" + NS + "/deployments/web?fieldManager=bench&force=true";
    int allowed = 0;
    for (int round = 0; round < 2; round++) {
      long t0 = System.nanoTime();
      for (int i = 0; i < iterations; i++) {
        UserInfo user = tokens.authenticate(header).orElseThrow();
        if (authorizer.authorize(user, RequestAttributes.of(i % 2 == 0 ? "GET" : "PATCH", path)).allowed()) {
          allowed++;
        }
      }
      if (round == 1) {
        if (allowed != 2 * iterations) {
          throw new IllegalStateException("expected every request to be allowed");
        }
        return (System.nanoTime() - t0) / (double) iterations;
      }
    }
    throw new IllegalStateException("unreachable");
  }

  private static void loop(KubernetesClient client, int n) {
    for (int i = 0; i < n; i++) {
      client.apps().deployments().inNamespace(NS).withName("web").get();
      client.resource(deployment(1 + i % 2)).fieldManager("bench").forceConflicts().serverSideApply();
    }
  }

  private static Deployment deployment(int replicas) {
    return new DeploymentBuilder()
        .withNewMetadata().withName("web").withNamespace(NS).addToLabels("app", "web").endMetadata()
        .withNewSpec().withReplicas(replicas)
        .withNewSelector().addToMatchLabels("app", "web").endSelector()
        .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata()
        .withNewSpec().addNewContainer().withName("app").withImage("web:1").endContainer().endSpec()
        .endTemplate().endSpec().build();
  }
}
