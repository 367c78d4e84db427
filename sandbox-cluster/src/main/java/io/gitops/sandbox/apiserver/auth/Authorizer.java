package io.gitops.sandbox.apiserver.auth;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * kube-apiserver's authorization chain for the sandbox: members of {@code system:masters} may do everything,
 * everyone else what the RBAC policy ({@link Rbac}) grants.
 */
public final class Authorizer {

  /** The answer, with upstream's reason on an RBAC allow ("" otherwise). */
  public record Decision(boolean allowed, String reason) {
  }

  private final Rbac rbac;

  public Authorizer(Rbac rbac) {
    this.rbac = rbac;
  }

  public Decision authorize(UserInfo user, RequestAttributes request) {
    if (user.isMaster()) {
      return new Decision(true, "");
    }
    String[] reason = {null};
    rbac.visitRules(user, request.namespace(), granted -> {
      if (granted.rule().allows(request)) {
        reason[0] = "RBAC: allowed by " + granted.source();
        return false;
      }
      return true;
    });
    return reason[0] == null ? new Decision(false, "") : new Decision(true, reason[0]);
  }

  /** The rules {@code user} has in {@code namespace}, for a SelfSubjectRulesReview's status. */
  public void rules(UserInfo user, String namespace, ObjectNode status) {
    var resourceRules = status.putArray("resourceRules");
    var nonResourceRules = status.putArray("nonResourceRules");
    List<Rbac.Rule> rules = new ArrayList<>();
    if (user.isMaster()) {
      rules.add(new Rbac.Rule(java.util.Set.of("*"), java.util.Set.of("*"), java.util.Set.of("*"),
          java.util.Set.of(), java.util.Set.of()));
      rules.add(new Rbac.Rule(java.util.Set.of("*"), java.util.Set.of(), java.util.Set.of(), java.util.Set.of(),
          java.util.Set.of("*")));
    }
    rbac.visitRules(user, namespace, granted -> rules.add(granted.rule()));
    for (Rbac.Rule rule : rules) {
      if (!rule.nonResourceURLs().isEmpty()) {
        ObjectNode r = nonResourceRules.addObject();
        rule.verbs().stream().sorted().forEach(r.putArray("verbs")::add);
        rule.nonResourceURLs().stream().sorted().forEach(r.putArray("nonResourceURLs")::add);
      }
      if (!rule.resources().isEmpty()) {
        ObjectNode r = resourceRules.addObject();
        rule.verbs().stream().sorted().forEach(r.putArray("verbs")::add);
        rule.apiGroups().stream().sorted().forEach(r.putArray("apiGroups")::add);
        rule.resources().stream().sorted().forEach(r.putArray("resources")::add);
        if (!rule.resourceNames().isEmpty()) {
          rule.resourceNames().stream().sorted().forEach(r.putArray("resourceNames")::add);
        }
      }
    }
    status.put("incomplete", false);
  }

  /**
   * kube-apiserver's Forbidden message, e.g. {@code deployments.apps "web" is forbidden: User "u" cannot patch
   * resource "deployments" in API group "apps" in the namespace "shop"}.
   */
  public static String forbiddenMessage(UserInfo user, RequestAttributes a) {
    if (!a.resourceRequest()) {
      return "forbidden: User \"" + user.name() + "\" cannot " + a.verb() + " path \"" + a.path() + "\"";
    }
    String qualified = a.apiGroup().isEmpty() ? a.resource() : a.resource() + "." + a.apiGroup();
    String what = a.name().isEmpty() ? qualified + " is forbidden: "
        : qualified + " \"" + a.name() + "\" is forbidden: ";
    String scope = a.namespace().isEmpty() ? " at the cluster scope" : " in the namespace \"" + a.namespace() + "\"";
    return what + "User \"" + user.name() + "\" cannot " + a.verb() + " resource \"" + a.combinedResource()
        + "\" in API group \"" + a.apiGroup() + "\"" + scope;
  }
}
