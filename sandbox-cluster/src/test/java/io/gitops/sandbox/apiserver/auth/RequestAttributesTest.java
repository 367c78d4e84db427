package io.gitops.sandbox.apiserver.auth;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** HTTP method + path → verb, group, resource, subresource, namespace and name, as kube-apiserver derives them. */
class RequestAttributesTest {

  @ParameterizedTest(name = "{0} {1} -> {2} {3}/{4}/{5} ns={6} name={7}")
  @CsvSource(nullValues = "-", value = {
      "GET,    /apis/apps/v1/namespaces/shop/deployments/web,            get,    apps, deployments, -, shop, web",
      "GET,    /apis/apps/v1/namespaces/shop/deployments,                list,   apps, deployments, -, shop, -",
      "GET,    /apis/apps/v1/deployments,                                list,   apps, deployments, -, -, -",
      "GET,    /apis/apps/v1/deployments?watch=true&resourceVersion=5,   watch,  apps, deployments, -, -, -",
      "GET,    /apis/apps/v1/watch/namespaces/shop/deployments,          watch,  apps, deployments, -, shop, -",
      "GET,    /api/v1/namespaces/shop/pods?fieldSelector=metadata.name%3Dp1, list, '', pods, -, shop, p1",
      "GET,    /api/v1/namespaces/shop/pods?watch=1&fieldSelector=metadata.name%3D%3Dp1, watch, '', pods, -, shop, p1",
      "GET,    /api/v1/namespaces/shop/pods/p1/log,                      get,    '', pods, log, shop, p1",
      "POST,   /api/v1/namespaces/shop/pods,                             create, '', pods, -, shop, -",
      "POST,   /api/v1/namespaces/gitops/serviceaccounts/sa/token,       create, '', serviceaccounts, token, gitops, sa",
      "PUT,    /apis/apps/v1/namespaces/shop/deployments/web/status,     update, apps, deployments, status, shop, web",
      "PATCH,  /apis/apps/v1/namespaces/shop/deployments/web/scale,      patch,  apps, deployments, scale, shop, web",
      "PATCH,  /apis/apps/v1/namespaces/shop/deployments/web?fieldManager=x&force=true, patch, apps, deployments, -, shop, web",
      "DELETE, /api/v1/namespaces/shop/configmaps/c,                     delete, '', configmaps, -, shop, c",
      "DELETE, /api/v1/namespaces/shop/configmaps,                       deletecollection, '', configmaps, -, shop, -",
      "GET,    /api/v1/namespaces/shop,                                  get,    '', namespaces, -, shop, shop",
      "PUT,    /api/v1/namespaces/shop/finalize,                         update, '', namespaces, finalize, shop, shop",
      "GET,    /api/v1/namespaces,                                       list,   '', namespaces, -, -, -",
      "GET,    /apis/rbac.authorization.k8s.io/v1/clusterroles/view,     get,    rbac.authorization.k8s.io, clusterroles, -, -, view",
      "POST,   /apis/authorization.k8s.io/v1/selfsubjectaccessreviews,   create, authorization.k8s.io, selfsubjectaccessreviews, -, -, -"})
  void givenAResourceRequest_whenItIsParsed_thenTheAttributesAreKubeApiserversOnes(String method, String path,
      String verb, String group, String resource, String subresource, String namespace, String name) {
    // Given: the request line of the row

    // When
    RequestAttributes a = RequestAttributes.of(method, path);

    // Then
    assertThat(a.resourceRequest()).isTrue();
    assertThat(a.verb()).isEqualTo(verb);
    assertThat(a.apiGroup()).isEqualTo(group);
    assertThat(a.resource()).isEqualTo(resource);
    assertThat(a.subresource()).isEqualTo(subresource == null ? "" : subresource);
    assertThat(a.namespace()).isEqualTo(namespace == null ? "" : namespace);
    assertThat(a.name()).isEqualTo(name == null ? "" : name);
  }

  @ParameterizedTest(name = "{0} {1} -> non-resource {2}")
  @CsvSource({"GET, /api, get", "GET, /api/v1, get", "GET, /apis/apps/v1, get", "GET, /version, get",
      "POST, /sandbox/v1/failures, post", "GET, /openapi/v2, get", "GET, /apis, get"})
  void givenADiscoveryOrOtherPath_whenItIsParsed_thenItIsANonResourceRequestWithTheMethodAsVerb(String method,
      String path, String verb) {
    // Given: the request line of the row

    // When
    RequestAttributes a = RequestAttributes.of(method, path);

    // Then
    assertThat(a.resourceRequest()).isFalse();
    assertThat(a.verb()).isEqualTo(verb);
    assertThat(a.path()).isEqualTo(path);
  }
}
