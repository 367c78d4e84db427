package io.gitops.sandbox.apiserver;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RequestContextTest {

  @Test
  void givenAFieldManagerParameter_whenTheManagerIsAsked_thenTheParameterWins() {
    // Given
    RequestContext ctx = RequestContext.of("PATCH",
        "/apis/apps/v1/namespaces/demo/deployments/web/status?fieldManager=gitops%2Dsync&force=true",
        "application/apply-patch+yaml; charset=utf-8", "kubectl/v1.32.4 (linux/amd64)", null);

    // When
    String manager = ctx.manager();

    // Then
    assertThat(manager).isEqualTo("gitops-sync");
    assertThat(ctx.force()).isTrue();
    assertThat(ctx.isStatus()).isTrue();
    assertThat(ctx.mainPath()).isEqualTo("/apis/apps/v1/namespaces/demo/deployments/web");
    assertThat(ctx.mediaType()).isEqualTo("application/apply-patch+yaml");
    assertThat(ctx.body()).isEmpty();
  }

  @Test
  void givenNoFieldManager_whenTheManagerIsAsked_thenItIsTheUserAgentUpToTheFirstSlash() {
    // Given
    RequestContext ctx = RequestContext.of("PUT", "/api/v1/namespaces/demo/configmaps/c?flag", null,
        "fabric8-kubernetes-client/7.5.2", "{}");

    // When
    String manager = ctx.manager();

    // Then
    assertThat(manager).isEqualTo("fabric8-kubernetes-client");
    assertThat(ctx.query()).containsEntry("flag", "");
    assertThat(ctx.mediaType()).isEmpty();
    assertThat(ctx.force()).isFalse();
  }

  @Test
  void givenNeitherFieldManagerNorUserAgent_whenTheManagerIsAsked_thenItIsUnknown() {
    // Given
    RequestContext ctx = RequestContext.of("PUT", "/api/v1/namespaces/demo/configmaps/c", null, " ", "{}");

    // When
    String manager = ctx.manager();

    // Then
    assertThat(manager).isEqualTo("unknown");
  }
}
