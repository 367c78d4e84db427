package io.gitops.sandbox.apiserver.auth;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** One PolicyRule against one request: verbs, groups, resources, subresources, resourceNames and wildcards. */
class RbacRuleTest {

  /** null: none; "": the core group only; else space-separated values. */
  private static Set<String> set(String spaceSeparated) {
    if (spaceSeparated == null) {
      return Set.of();
    }
    return spaceSeparated.isEmpty() ? Set.of("") : Arrays.stream(spaceSeparated.trim().split(" "))
        .collect(Collectors.toSet());
  }

  @ParameterizedTest(name = "rule {0}|{1}|{2}|{3} vs {4} {5}/{6}/{7} name={8} -> {9}")
  @CsvSource(value = {
      "get list,    apps, deployments,          ,    get,    apps, deployments, ,      web, true",
      "get list,    apps, deployments,          ,    patch,  apps, deployments, ,      web, false",
      "*,           apps, deployments,          ,    patch,  apps, deployments, ,      web, true",
      "get,         '',   deployments,          ,    get,    apps, deployments, ,      web, false",
      "get,         *,    deployments,          ,    get,    apps, deployments, ,      web, true",
      "get,         apps, *,                    ,    get,    apps, deployments, scale, web, true",
      "get,         apps, deployments,          ,    get,    apps, deployments, scale, web, false",
      "get,         apps, deployments/scale,    ,    get,    apps, deployments, scale, web, true",
      "get,         apps, */scale,              ,    get,    apps, statefulsets, scale, db, true",
      "get,         apps, */scale,              ,    get,    apps, statefulsets, ,     db, false",
      "get,         apps, deployments,          web, get,    apps, deployments, ,      web, true",
      "get,         apps, deployments,          web, get,    apps, deployments, ,      api, false",
      "list,        apps, deployments,          web, list,   apps, deployments, ,      '', false",
      "create,      '',   serviceaccounts/token, ,   create, '',   serviceaccounts, token, sa, true"})
  void givenAPolicyRule_whenARequestIsChecked_thenItMatchesAsUpstreamsRuleAllows(String verbs, String groups,
      String resources, String names, String verb, String group, String resource, String subresource, String name,
      boolean allowed) {
    // Given
    Rbac.Rule rule = new Rbac.Rule(set(verbs), set(groups), set(resources), set(names), Set.of());

    // When
    boolean matches = rule.allows(RequestAttributes.resource(verb, group, resource, subresource, "shop", name));

    // Then
    assertThat(matches).isEqualTo(allowed);
  }

  @ParameterizedTest(name = "urls {0} vs {1} -> {2}")
  @CsvSource({"/healthz, /healthz, true", "/apis/*, /apis/apps/v1, true", "/apis/*, /api, false", "*, /x, true",
      "/version, /versions, false"})
  void givenANonResourceRule_whenAPathIsChecked_thenExactAndPrefixStarMatch(String url, String path,
      boolean allowed) {
    // Given
    Rbac.Rule rule = new Rbac.Rule(Set.of("get"), Set.of(), Set.of(), Set.of(), Set.of(url));

    // When
    boolean matches = rule.allows(RequestAttributes.nonResource("get", path));

    // Then
    assertThat(matches).isEqualTo(allowed);
  }
}
