package io.gitops.sandbox.apiserver.auth;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The RBAC objects stored in the sandbox (Role, ClusterRole, RoleBinding, ClusterRoleBinding of
 * rbac.authorization.k8s.io/v1), kept as an immutable snapshot that the store replaces on every write to them,
 * plus the bootstrap policy every kube-apiserver has ({@code system:discovery}, {@code system:basic-user},
 * {@code system:public-info-viewer}, {@code cluster-admin}), which is not stored as objects.
 */
public final class Rbac {

  public static final String GROUP = "rbac.authorization.k8s.io";
  public static final String ROLES = "roles";
  public static final String CLUSTER_ROLES = "clusterroles";
  public static final String ROLE_BINDINGS = "rolebindings";
  public static final String CLUSTER_ROLE_BINDINGS = "clusterrolebindings";

  /** One PolicyRule. Empty sets mean "none" except {@code resourceNames}, where empty means "any". */
  public record Rule(Set<String> verbs, Set<String> apiGroups, Set<String> resources, Set<String> resourceNames,
      Set<String> nonResourceURLs) {

    static Rule of(JsonNode rule) {
      return new Rule(strings(rule.path("verbs")), strings(rule.path("apiGroups")), strings(rule.path("resources")),
          strings(rule.path("resourceNames")), strings(rule.path("nonResourceURLs")));
    }

    static Rule nonResource(String verb, String... urls) {
      return new Rule(Set.of(verb), Set.of(), Set.of(), Set.of(), Set.of(urls));
    }

    /** Whether this rule allows the request (upstream's RuleAllows). */
    public boolean allows(RequestAttributes a) {
      if (!matches(verbs, a.verb())) {
        return false;
      }
      if (!a.resourceRequest()) {
        return nonResourceMatches(a.path());
      }
      return matches(apiGroups, a.apiGroup()) && resourceMatches(a.combinedResource(), a.subresource())
          && (resourceNames.isEmpty() || resourceNames.contains(a.name()));
    }

    private boolean resourceMatches(String combined, String subresource) {
      for (String r : resources) {
        if ("*".equals(r) || r.equals(combined)) {
          return true;
        }
        if (!subresource.isEmpty() && r.equals("*/" + subresource)) {
          return true;
        }
      }
      return false;
    }

    private boolean nonResourceMatches(String path) {
      for (String url : nonResourceURLs) {
        if ("*".equals(url) || url.equals(path)
            || (url.endsWith("*") && path.startsWith(url.substring(0, url.length() - 1)))) {
          return true;
        }
      }
      return false;
    }

    private static boolean matches(Set<String> values, String value) {
      return values.contains("*") || values.contains(value);
    }
  }

  /** A subject of a binding. */
  public record Subject(String kind, String name, String namespace) {

    /** Upstream's appliesToUser; {@code bindingNamespace} defaults a ServiceAccount subject's namespace. */
    boolean appliesTo(UserInfo user, String bindingNamespace) {
      return switch (kind) {
        case "User" -> name.equals(user.name());
        case "Group" -> user.groups().contains(name);
        case "ServiceAccount" -> {
          String ns = namespace.isEmpty() ? bindingNamespace : namespace;
          yield !ns.isEmpty() && UserInfo.serviceAccountUser(ns, name).equals(user.name());
        }
        default -> false;
      };
    }

    String describe(String bindingNamespace) {
      if ("ServiceAccount".equals(kind)) {
        return kind + " \"" + name + "/" + (namespace.isEmpty() ? bindingNamespace : namespace) + "\"";
      }
      return kind + " \"" + name + "\"";
    }
  }

  /** A RoleBinding ({@code namespace} set) or ClusterRoleBinding ({@code namespace} ""). */
  public record Binding(String namespace, String name, String roleKind, String roleName, List<Subject> subjects) {

    static Binding of(JsonNode binding) {
      List<Subject> subjects = new ArrayList<>();
      for (JsonNode s : binding.path("subjects")) {
        subjects.add(new Subject(s.path("kind").asText(""), s.path("name").asText(""),
            s.path("namespace").asText("")));
      }
      JsonNode ref = binding.path("roleRef");
      return new Binding(binding.path("metadata").path("namespace").asText(""),
          binding.path("metadata").path("name").asText(""), ref.path("kind").asText(""), ref.path("name").asText(""),
          List.copyOf(subjects));
    }

    String describe(Subject subject) {
      String self = namespace.isEmpty() ? "ClusterRoleBinding \"" + name + "\""
          : "RoleBinding \"" + name + "/" + namespace + "\"";
      return self + " of " + roleKind + " \"" + roleName + "\" to " + subject.describe(namespace);
    }
  }

  /** The policy at one moment. Keys: ClusterRoles and ClusterRoleBindings by name, the others by ns/name. */
  private record Snapshot(Map<String, List<Rule>> clusterRoles, Map<String, List<Rule>> roles,
      Map<String, Binding> clusterRoleBindings, Map<String, Map<String, Binding>> roleBindings) {
  }

  /** A visited rule and where it came from ({@code source} reads like upstream's reasons). */
  public record GrantedRule(Rule rule, String source) {
  }

  private static final Map<String, List<Rule>> BOOTSTRAP_ROLES = Map.of(
      "system:discovery", List.of(Rule.nonResource("get", "/livez", "/readyz", "/healthz", "/version", "/version/",
          "/openapi", "/openapi/*", "/api", "/api/*", "/apis", "/apis/*")),
      "system:public-info-viewer", List.of(Rule.nonResource("get", "/livez", "/readyz", "/healthz", "/version",
          "/version/")),
      "system:basic-user", List.of(new Rule(Set.of("create"), Set.of("authorization.k8s.io"),
          Set.of("selfsubjectaccessreviews", "selfsubjectrulesreviews"), Set.of(), Set.of()),
          new Rule(Set.of("create"), Set.of("authentication.k8s.io"), Set.of("selfsubjectreviews"), Set.of(),
              Set.of())),
      "cluster-admin", List.of(new Rule(Set.of("*"), Set.of("*"), Set.of("*"), Set.of(), Set.of()),
          Rule.nonResource("*", "*")));
  private static final List<Binding> BOOTSTRAP_BINDINGS = List.of(
      bootstrap("system:discovery", "system:authenticated"),
      bootstrap("system:public-info-viewer", "system:authenticated"),
      bootstrap("system:basic-user", "system:authenticated"),
      bootstrap("cluster-admin", UserInfo.MASTERS));

  private static Binding bootstrap(String role, String group) {
    return new Binding("", role, "ClusterRole", role, List.of(new Subject("Group", group, "")));
  }

  private volatile Snapshot snapshot = new Snapshot(Map.of(), Map.of(), Map.of(), Map.of());

  /** Whether {@code plural} of {@code apiGroup} is one of the four RBAC resources. */
  public static boolean isRbac(String apiGroup, String plural) {
    return GROUP.equals(apiGroup) && (ROLES.equals(plural) || CLUSTER_ROLES.equals(plural)
        || ROLE_BINDINGS.equals(plural) || CLUSTER_ROLE_BINDINGS.equals(plural));
  }

  /** Records a stored (or, with {@code deleted}, removed) RBAC object of type {@code plural}. */
  public synchronized void update(String plural, JsonNode object, boolean deleted) {
    Snapshot s = snapshot;
    String namespace = object.path("metadata").path("namespace").asText("");
    String name = object.path("metadata").path("name").asText("");
    String key = namespace + "/" + name;
    switch (plural) {
      case CLUSTER_ROLES -> snapshot = new Snapshot(put(s.clusterRoles(), name, deleted ? null : rules(object)),
          s.roles(), s.clusterRoleBindings(), s.roleBindings());
      case ROLES -> snapshot = new Snapshot(s.clusterRoles(), put(s.roles(), key, deleted ? null : rules(object)),
          s.clusterRoleBindings(), s.roleBindings());
      case CLUSTER_ROLE_BINDINGS -> snapshot = new Snapshot(s.clusterRoles(), s.roles(),
          put(s.clusterRoleBindings(), name, deleted ? null : Binding.of(object)), s.roleBindings());
      case ROLE_BINDINGS -> {
        Map<String, Binding> inNamespace = put(s.roleBindings().getOrDefault(namespace, Map.of()), name,
            deleted ? null : Binding.of(object));
        snapshot = new Snapshot(s.clusterRoles(), s.roles(), s.clusterRoleBindings(),
            put(s.roleBindings(), namespace, inNamespace.isEmpty() ? null : inNamespace));
      }
      default -> throw new IllegalArgumentException("not an RBAC resource: " + plural);
    }
  }

  /**
   * Visits the rules that apply to {@code user} in {@code namespace} ("" = cluster scope only): those of
   * ClusterRoleBindings everywhere, and those of the namespace's RoleBindings. Stops when {@code visitor} returns
   * false. Bindings whose role does not exist grant nothing.
   */
  public void visitRules(UserInfo user, String namespace, Predicate<GrantedRule> visitor) {
    Snapshot s = snapshot;
    for (Binding b : BOOTSTRAP_BINDINGS) {
      if (!visitBinding(b, BOOTSTRAP_ROLES.get(b.roleName()), user, visitor)) {
        return;
      }
    }
    for (Binding b : s.clusterRoleBindings().values()) {
      if ("ClusterRole".equals(b.roleKind()) && !visitBinding(b, clusterRole(s, b.roleName()), user, visitor)) {
        return;
      }
    }
    if (namespace.isEmpty()) {
      return;
    }
    for (Binding b : s.roleBindings().getOrDefault(namespace, Map.of()).values()) {
      List<Rule> rules = switch (b.roleKind()) {
        case "ClusterRole" -> clusterRole(s, b.roleName());
        case "Role" -> s.roles().get(namespace + "/" + b.roleName());
        default -> null;
      };
      if (!visitBinding(b, rules, user, visitor)) {
        return;
      }
    }
  }

  private static List<Rule> clusterRole(Snapshot s, String name) {
    List<Rule> stored = s.clusterRoles().get(name);
    return stored != null ? stored : BOOTSTRAP_ROLES.get(name);
  }

  private static boolean visitBinding(Binding b, List<Rule> rules, UserInfo user, Predicate<GrantedRule> visitor) {
    if (rules == null) {
      return true;
    }
    for (Subject subject : b.subjects()) {
      if (subject.appliesTo(user, b.namespace())) {
        String source = b.describe(subject);
        for (Rule rule : rules) {
          if (!visitor.test(new GrantedRule(rule, source))) {
            return false;
          }
        }
        return true;
      }
    }
    return true;
  }

  private static List<Rule> rules(JsonNode role) {
    List<Rule> out = new ArrayList<>();
    role.path("rules").forEach(r -> out.add(Rule.of(r)));
    return List.copyOf(out);
  }

  private static <V> Map<String, V> put(Map<String, V> map, String key, V value) {
    Map<String, V> copy = new LinkedHashMap<>(map);
    if (value == null) {
      copy.remove(key);
    } else {
      copy.put(key, value);
    }
    return Map.copyOf(copy);
  }

  private static Set<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(v -> out.add(v.asText()));
    return Set.copyOf(out.stream().collect(Collectors.toSet()));
  }
}
