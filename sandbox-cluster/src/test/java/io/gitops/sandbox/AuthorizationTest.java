package io.gitops.sandbox;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The RBAC decision table: identity × verb × resource × namespace → allowed or 403, each case through a real fabric8
 * client holding that identity's token (authorization on, simulator off).
 */
@Timeout(60) // a watch that never opens fails this test instead of hanging the build
class AuthorizationTest {

  private static final String GITOPS = "gitops";
  private static final AtomicInteger FRESH = new AtomicInteger();
  private static SandboxCluster sandbox;
  private static KubernetesClient admin;
  private static final Map<String, KubernetesClient> CLIENTS = new HashMap<>();

  /** The identities of the table and what they were granted (see {@link #grant()}). */
  enum Identity {
    /** user admin, group system:masters. */
    ADMIN,
    /** SA gitops/config-bumper: Role in shop, get/list/watch/patch deployments. */
    BUMPER,
    /** SA gitops/pod-viewer: RoleBinding in shop to the ClusterRole pod-reader (get/list/watch pods). */
    POD_VIEWER,
    /** SA gitops/lister: ClusterRoleBinding to deploy-lister (list/watch deployments everywhere). */
    LISTER,
    /** SA gitops/scaler: Role in shop, get/update deployments/scale, get deployments named web only. */
    SCALER,
    /** User alice: RoleBinding in shop (subject kind User), create/update/delete/deletecollection configmaps. */
    ALICE,
    /** User bob in Group qa: ClusterRoleBinding (subject kind Group) to ns-viewer (get/list namespaces). */
    QA_BOB,
    /** SA gitops/nobody: no binding at all. */
    NOBODY
  }

  enum Verb { GET, LIST, WATCH, CREATE, UPDATE, PATCH, APPLY, DELETE, DELETECOLLECTION }

  @BeforeAll
  static void start() {
    sandbox = SandboxCluster.start(SandboxOptions.defaults().withSimulator(false).withAuthorization(true));
    admin = sandbox.client();
    for (String ns : List.of("shop", "other", GITOPS)) {
      admin.resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).serverSideApply();
    }
    for (String sa : List.of("config-bumper", "pod-viewer", "lister", "scaler", "nobody")) {
      admin.resource(new ServiceAccountBuilder().withNewMetadata().withName(sa).withNamespace(GITOPS).endMetadata()
          .build()).serverSideApply();
    }
    grant();
    for (String ns : List.of("shop", "other")) {
      admin.resource(Workloads.deployment(ns, "web", "web:1", 1)).fieldManager("seed").serverSideApply();
      admin.resource(Workloads.deployment(ns, "api", "api:1", 1)).fieldManager("seed").serverSideApply();
      admin.resource(new PodBuilder().withNewMetadata().withName("p1").withNamespace(ns).endMetadata()
          .withNewSpec().addNewContainer().withName("c").withImage("c:1").endContainer().endSpec().build())
          .serverSideApply();
    }
    CLIENTS.put("ADMIN", admin);
    CLIENTS.put("BUMPER", sandbox.client(sandbox.serviceAccountToken(GITOPS, "config-bumper", Duration.ofHours(1))));
    CLIENTS.put("POD_VIEWER", sandbox.client(sandbox.serviceAccountToken(GITOPS, "pod-viewer", Duration.ofHours(1))));
    CLIENTS.put("LISTER", sandbox.client(sandbox.serviceAccountToken(GITOPS, "lister", Duration.ofHours(1))));
    CLIENTS.put("SCALER", sandbox.client(sandbox.serviceAccountToken(GITOPS, "scaler", Duration.ofHours(1))));
    CLIENTS.put("ALICE", sandbox.client(sandbox.userToken("alice")));
    CLIENTS.put("QA_BOB", sandbox.client(sandbox.userToken("bob", "qa")));
    CLIENTS.put("NOBODY", sandbox.client(sandbox.serviceAccountToken(GITOPS, "nobody", Duration.ofHours(1))));
  }

  private static void grant() {
    role("shop", "deploy-patcher", rule("apps", "deployments", "get", "list", "watch", "patch"));
    roleBinding("shop", "bumper", "Role", "deploy-patcher", serviceAccount("config-bumper"));
    clusterRole("pod-reader", rule("", "pods", "get", "list", "watch"));
    roleBinding("shop", "pod-viewer", "ClusterRole", "pod-reader", serviceAccount("pod-viewer"));
    clusterRole("deploy-lister", rule("apps", "deployments", "list", "watch"));
    admin.resource(new ClusterRoleBindingBuilder().withNewMetadata().withName("lister").endMetadata()
        .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "deploy-lister")
        .withSubjects(serviceAccount("lister")).build()).serverSideApply();
    role("shop", "scaler", rule("apps", "deployments/scale", "get", "update"),
        new PolicyRuleBuilder().withApiGroups("apps").withResources("deployments").withResourceNames("web")
            .withVerbs("get").build());
    roleBinding("shop", "scaler", "Role", "scaler", serviceAccount("scaler"));
    role("shop", "cm-writer", rule("", "configmaps", "create", "update", "delete", "deletecollection"));
    roleBinding("shop", "alice", "Role", "cm-writer", new SubjectBuilder().withKind("User").withName("alice")
        .withApiGroup("rbac.authorization.k8s.io").build());
    clusterRole("ns-viewer", rule("", "namespaces", "get", "list"));
    admin.resource(new ClusterRoleBindingBuilder().withNewMetadata().withName("qa").endMetadata()
        .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "ns-viewer")
        .withSubjects(new SubjectBuilder().withKind("Group").withName("qa").withApiGroup("rbac.authorization.k8s.io")
            .build()).build()).serverSideApply();
  }

  static Stream<Arguments> table() {
    return Stream.of(
        // identity, verb, resource, namespace (null = all), name, allowed
        arguments(Identity.ADMIN, Verb.LIST, "deployments", null, null, true),
        arguments(Identity.ADMIN, Verb.DELETE, "configmaps", "other", "fresh", true),
        arguments(Identity.BUMPER, Verb.GET, "deployments", "shop", "web", true),
        arguments(Identity.BUMPER, Verb.LIST, "deployments", "shop", null, true),
        arguments(Identity.BUMPER, Verb.WATCH, "deployments", "shop", null, true),
        arguments(Identity.BUMPER, Verb.PATCH, "deployments", "shop", "web", true),
        arguments(Identity.BUMPER, Verb.APPLY, "deployments", "shop", "web", true),
        arguments(Identity.BUMPER, Verb.UPDATE, "deployments", "shop", "web", false),
        arguments(Identity.BUMPER, Verb.CREATE, "deployments", "shop", "fresh", false),
        arguments(Identity.BUMPER, Verb.DELETE, "deployments", "shop", "web", false),
        arguments(Identity.BUMPER, Verb.PATCH, "deployments", "other", "web", false),
        arguments(Identity.BUMPER, Verb.LIST, "deployments", null, null, false),
        arguments(Identity.BUMPER, Verb.GET, "pods", "shop", "p1", false),
        arguments(Identity.POD_VIEWER, Verb.GET, "pods", "shop", "p1", true),
        arguments(Identity.POD_VIEWER, Verb.WATCH, "pods", "shop", null, true),
        arguments(Identity.POD_VIEWER, Verb.GET, "pods", "other", "p1", false),
        arguments(Identity.POD_VIEWER, Verb.LIST, "pods", null, null, false),
        arguments(Identity.POD_VIEWER, Verb.DELETE, "pods", "shop", "p1", false),
        arguments(Identity.LISTER, Verb.LIST, "deployments", null, null, true),
        arguments(Identity.LISTER, Verb.LIST, "deployments", "other", null, true),
        arguments(Identity.LISTER, Verb.WATCH, "deployments", null, null, true),
        arguments(Identity.LISTER, Verb.GET, "deployments", "shop", "web", false),
        arguments(Identity.SCALER, Verb.GET, "deployments", "shop", "web", true),
        arguments(Identity.SCALER, Verb.GET, "deployments", "shop", "api", false),
        arguments(Identity.SCALER, Verb.LIST, "deployments", "shop", null, false),
        arguments(Identity.SCALER, Verb.GET, "deployments/scale", "shop", "api", true),
        arguments(Identity.SCALER, Verb.UPDATE, "deployments/scale", "shop", "web", true),
        arguments(Identity.SCALER, Verb.UPDATE, "deployments/status", "shop", "web", false),
        arguments(Identity.BUMPER, Verb.GET, "deployments/scale", "shop", "web", false),
        arguments(Identity.ALICE, Verb.CREATE, "configmaps", "shop", "fresh", true),
        arguments(Identity.ALICE, Verb.UPDATE, "configmaps", "shop", "fresh", true),
        arguments(Identity.ALICE, Verb.DELETE, "configmaps", "shop", "fresh", true),
        arguments(Identity.ALICE, Verb.DELETECOLLECTION, "configmaps", "shop", null, true),
        arguments(Identity.ALICE, Verb.GET, "configmaps", "shop", "fresh", false),
        arguments(Identity.ALICE, Verb.CREATE, "configmaps", "other", "fresh", false),
        arguments(Identity.QA_BOB, Verb.LIST, "namespaces", null, null, true),
        arguments(Identity.QA_BOB, Verb.GET, "namespaces", null, "shop", true),
        arguments(Identity.QA_BOB, Verb.DELETE, "namespaces", null, "other", false),
        arguments(Identity.QA_BOB, Verb.LIST, "configmaps", "shop", null, false),
        arguments(Identity.NOBODY, Verb.GET, "deployments", "shop", "web", false),
        arguments(Identity.NOBODY, Verb.LIST, "namespaces", null, null, false),
        arguments(Identity.NOBODY, Verb.WATCH, "pods", null, null, false));
  }

  @ParameterizedTest(name = "{0} {1} {2} in {3} named {4} -> allowed={5}")
  @MethodSource("table")
  void givenTheGrantsOfTheTable_whenAnIdentityActsThroughFabric8_thenRbacAllowsOrForbidsIt(Identity identity, Verb verb,
      String resource, String namespace, String name, boolean allowed) {
    // Given: the grants of grant(), and a target that exists where the verb needs one
    String target = "fresh".equals(name) ? "fresh-" + FRESH.incrementAndGet() : name;
    if ("configmaps".equals(resource) && target != null && verb != Verb.CREATE) {
      admin.resource(configMap(namespace, target)).serverSideApply();
    }
    KubernetesClient client = CLIENTS.get(identity.name());

    // When
    Throwable failure = catchThrowable(() -> act(client, verb, resource, namespace, target));

    // Then
    if (allowed) {
      assertThat(failure).as("expected %s to be allowed", identity).isNull();
    } else {
      assertThat(failure).isInstanceOf(KubernetesClientException.class);
      assertThat(((KubernetesClientException) failure).getCode()).as(String.valueOf(failure)).isEqualTo(403);
    }
  }

  private static void act(KubernetesClient c, Verb verb, String resource, String ns, String name) {
    switch (resource) {
      case "deployments" -> deployments(c, verb, ns, name);
      case "deployments/scale" -> {
        var d = c.apps().deployments().inNamespace(ns).withName(name);
        if (verb == Verb.GET) {
          d.scale();
        } else {
          d.scale(2);
        }
      }
      case "deployments/status" -> c.apps().deployments().inNamespace(ns).withName(name)
          .editStatus(x -> x);
      case "pods" -> {
        var pods = ns == null ? null : c.pods().inNamespace(ns);
        switch (verb) {
          case GET -> pods.withName(name).get();
          case LIST -> (ns == null ? c.pods().inAnyNamespace().list() : pods.list()).getItems();
          case WATCH -> close(ns == null ? c.pods().inAnyNamespace().watch(new Ignore<>()) : pods.watch(new Ignore<>()));
          case DELETE -> pods.withName(name).delete();
          default -> throw new IllegalArgumentException(verb.name());
        }
      }
      case "configmaps" -> {
        var cms = c.configMaps().inNamespace(ns);
        switch (verb) {
          case GET -> cms.withName(name).get();
          case LIST -> cms.list();
          case CREATE -> cms.resource(configMap(ns, name)).create();
          case UPDATE -> {
            ConfigMap live = admin.configMaps().inNamespace(ns).withName(name).get();
            live.getData().put("k", "updated");
            cms.resource(live).update();
          }
          case DELETE -> cms.withName(name).delete();
          case DELETECOLLECTION -> cms.delete();
          default -> throw new IllegalArgumentException(verb.name());
        }
      }
      case "namespaces" -> {
        switch (verb) {
          case GET -> c.namespaces().withName(name).get();
          case LIST -> c.namespaces().list();
          case DELETE -> c.namespaces().withName(name).delete();
          default -> throw new IllegalArgumentException(verb.name());
        }
      }
      default -> throw new IllegalArgumentException(resource);
    }
  }

  private static void deployments(KubernetesClient c, Verb verb, String ns, String name) {
    var all = c.apps().deployments();
    switch (verb) {
      case GET -> all.inNamespace(ns).withName(name).get();
      case LIST -> (ns == null ? all.inAnyNamespace().list() : all.inNamespace(ns).list()).getItems();
      case WATCH -> close(ns == null ? all.inAnyNamespace().watch(new Ignore<>())
          : all.inNamespace(ns).watch(new Ignore<>()));
      case CREATE -> all.inNamespace(ns).resource(Workloads.deployment(ns, name, "x:1", 1)).create();
      case UPDATE -> {
        Deployment live = admin.apps().deployments().inNamespace(ns).withName(name).get();
        live.getMetadata().getLabels().put("updated", "yes");
        all.inNamespace(ns).resource(live).update();
      }
      case PATCH -> all.inNamespace(ns).withName(name).patch(PatchContext.of(PatchType.JSON_MERGE),
          "{\"metadata\":{\"annotations\":{\"bumped\":\"yes\"}}}");
      case APPLY -> all.inNamespace(ns).resource(Workloads.deployment(ns, name, "web:2", 1)).fieldManager("bumper")
          .forceConflicts().serverSideApply();
      case DELETE -> all.inNamespace(ns).withName(name).delete();
      default -> throw new IllegalArgumentException(verb.name());
    }
  }

  private static void close(Watch watch) {
    watch.close();
  }

  private static ConfigMap configMap(String ns, String name) {
    return new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace(ns).endMetadata()
        .addToData("k", "v").build();
  }

  private static PolicyRule rule(String group, String resource, String... verbs) {
    return new PolicyRuleBuilder().withApiGroups(group).withResources(resource).withVerbs(verbs).build();
  }

  private static Subject serviceAccount(String name) {
    return new SubjectBuilder().withKind("ServiceAccount").withName(name).withNamespace(GITOPS).build();
  }

  private static void role(String ns, String name, PolicyRule... rules) {
    admin.resource(new RoleBuilder().withNewMetadata().withName(name).withNamespace(ns).endMetadata()
        .withRules(rules).build()).serverSideApply();
  }

  private static void clusterRole(String name, PolicyRule... rules) {
    admin.resource(new ClusterRoleBuilder().withNewMetadata().withName(name).endMetadata().withRules(rules).build())
        .serverSideApply();
  }

  private static void roleBinding(String ns, String name, String roleKind, String role, Subject subject) {
    admin.resource(new RoleBindingBuilder().withNewMetadata().withName(name).withNamespace(ns).endMetadata()
        .withNewRoleRef("rbac.authorization.k8s.io", roleKind, role).withSubjects(subject).build()).serverSideApply();
  }

  /** A watcher for watches the test only opens. */
  private static final class Ignore<T> implements Watcher<T> {
    @Override
    public void eventReceived(Action action, T resource) {
      // not looked at
    }

    @Override
    public void onClose(WatcherException cause) {
      // closed by the test
    }
  }

  @AfterAll
  static void stop() {
    CLIENTS.forEach((k, c) -> {
      if (c != admin) {
        c.close();
      }
    });
    if (sandbox != null) {
      sandbox.close();
    }
  }
}
