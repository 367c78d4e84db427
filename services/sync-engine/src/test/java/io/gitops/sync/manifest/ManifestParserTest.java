package io.gitops.sync.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class ManifestParserTest {

    @Test
    void givenDocumentsWithEmptyOnesAndAList_whenParsed_thenEveryObjectComesOutFlat() {
        String yaml = """
                ---
                # only a comment
                ---
                apiVersion: v1
                kind: List
                items:
                  - apiVersion: v1
                    kind: ConfigMap
                    metadata: {name: a}
                  - apiVersion: v1
                    kind: Secret
                    metadata: {name: b}
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: c}
                """;

        List<ObjectNode> objects = ManifestParser.parse(yaml);

        assertThat(objects).extracting(o -> o.path("metadata").path("name").asText()).containsExactly("a", "b", "c");
    }

    @Test
    void givenAnObjectWithoutKind_whenParsed_thenTheDocumentIsNamed() {
        assertThatThrownBy(() -> ManifestParser.parse("apiVersion: v1\nmetadata: {name: a}\n"))
                .isInstanceOf(ManifestException.class).hasMessageContaining("document 1");
    }

    @Test
    void givenAnObjectWithoutName_whenParsed_thenItIsRefused() {
        assertThatThrownBy(() -> ManifestParser.parse("apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n"))
                .isInstanceOf(ManifestException.class).hasMessageContaining("metadata.name");
    }

    @Test
    void givenTextThatIsNotYaml_whenParsed_thenItIsRefused() {
        assertThatThrownBy(() -> ManifestParser.parse("a: [b\n"))
                .isInstanceOf(ManifestException.class).hasMessageContaining("not valid YAML");
    }

    @Test
    void givenAScalarDocument_whenParsed_thenItIsNotAnObject() {
        assertThatThrownBy(() -> ManifestParser.parse("just text\n"))
                .isInstanceOf(ManifestException.class).hasMessageContaining("not a Kubernetes object");
    }

    @Test
    void givenImageReferences_whenTagsAreRead_thenDigestsAndRegistryPortsAreHandled() {
        assertThat(Images.tagOf("registry:5000/team/web:1.2")).contains("1.2");
        assertThat(Images.tagOf("registry:5000/team/web")).isEmpty();
        assertThat(Images.tagOf("web:3@sha256:abc")).contains("3");
    }
}
