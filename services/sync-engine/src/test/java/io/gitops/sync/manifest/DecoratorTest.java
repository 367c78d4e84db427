package io.gitops.sync.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class DecoratorTest {

    static final String RENDERED = """
            ---
            # Source: web/templates/deployment.yaml
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              template:
                spec:
                  containers:
                    - name: app
                      image: registry.local/web:1.0
                  initContainers:
                    - name: init
                      image: registry.local/init@sha256:abc
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: web
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: web-config
            ---
            apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata:
              name: web-reader
              namespace: ignored
            ---
            apiVersion: v1
            kind: Namespace
            metadata:
              name: web-prod
            """;

    static boolean namespaced(ObjectNode object) {
        return !List.of("ClusterRole", "Namespace").contains(object.path("kind").asText());
    }

    @Test
    void givenRenderedObjects_whenDecorated_thenTheyAreLabelledNamespacedAnnotatedAndInApplyOrder() {
        List<ObjectNode> rendered = ManifestParser.parse(RENDERED);

        DesiredState desired = Decorator.decorate(rendered, "web", "prod", "web-prod", "c0ffee", DecoratorTest::namespaced);

        assertThat(desired.objects()).extracting(o -> o.path("kind").asText())
                .containsExactly("Namespace", "ConfigMap", "ClusterRole", "Service", "Deployment");
        assertThat(desired.objects()).allSatisfy(o -> {
            assertThat(o.path("metadata").path("labels").path(Labels.MANAGED_BY).asText())
                    .isEqualTo(Labels.MANAGED_BY_VALUE);
            assertThat(o.path("metadata").path("labels").path(Labels.APP).asText()).isEqualTo("web");
            assertThat(o.path("metadata").path("labels").path(Labels.ENV).asText()).isEqualTo("prod");
            assertThat(o.path("metadata").path("annotations").path(Labels.REVISION).asText()).isEqualTo("c0ffee");
        });
        assertThat(desired.byKey()).containsKey(new ObjectKey("v1", "Service", "web-prod", "web"))
                .containsKey(new ObjectKey("rbac.authorization.k8s.io/v1", "ClusterRole", null, "web-reader"));
        assertThat(desired.images()).containsExactly("registry.local/init@sha256:abc", "registry.local/web:1.0");
    }

    @Test
    void givenTheSameContentAtAnotherCommit_whenDecorated_thenTheDigestIsTheSame() {
        List<ObjectNode> rendered = ManifestParser.parse(RENDERED);
        String first = Decorator.decorate(rendered, "web", "prod", "web-prod", "c0ffee", DecoratorTest::namespaced)
                .digest();

        String second = Decorator.decorate(rendered, "web", "prod", "web-prod", "beef", DecoratorTest::namespaced)
                .digest();

        assertThat(second).isEqualTo(first).startsWith("sha256:");
    }

    @Test
    void givenAnObjectAimedAtAnotherNamespace_whenDecorated_thenItIsRefused() {
        List<ObjectNode> rendered = ManifestParser.parse("""
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: sneaky
                  namespace: kube-system
                """);

        assertThatThrownBy(() -> Decorator.decorate(rendered, "web", "prod", "web-prod", "c0ffee", o -> true))
                .isInstanceOf(ManifestException.class).hasMessageContaining("kube-system");
    }

    @Test
    void givenTheSameObjectRenderedTwice_whenDecorated_thenItIsRefused() {
        List<ObjectNode> rendered = ManifestParser.parse("""
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: twin}
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: twin}
                """);

        assertThatThrownBy(() -> Decorator.decorate(rendered, "web", "prod", "web-prod", "c0ffee", o -> true))
                .isInstanceOf(ManifestException.class).hasMessageContaining("twice");
    }
}
