package io.gitops.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

class LayoutAndValuesTest {

    @Test
    void givenValidNames_whenPathsAreBuilt_thenTheyFollowTheLayout() {
        assertThat(ConfigRepoLayout.appFile("shop")).isEqualTo("apps/shop/app.yaml");
        assertThat(ConfigRepoLayout.valuesFile("shop", "staging")).isEqualTo("apps/shop/envs/staging/values.yaml");
    }

    @Test
    void givenNamesWithPathCharacters_whenPathsAreBuilt_thenTheyAreRefused() {
        assertThatThrownBy(() -> ConfigRepoLayout.appFile("../etc")).hasMessageContaining("not a DNS-1123 label");
        assertThatThrownBy(() -> ConfigRepoLayout.valuesFile("shop", "a/b")).hasMessageContaining("environment name");
        assertThatThrownBy(() -> ConfigRepoLayout.appFile("x".repeat(64))).hasMessageContaining("longer than 63");
        assertThatThrownBy(() -> ConfigRepoLayout.appFile("")).hasMessageContaining("is missing");
    }

    @Test
    void givenRelativePaths_whenResolved_thenOnlyThoseInsideTheRepoAreAccepted() {
        Path root = Path.of("/repo");

        assertThat(ConfigRepoLayout.resolve(root, "charts/shop")).isEqualTo(Path.of("/repo/charts/shop"));
        assertThatThrownBy(() -> ConfigRepoLayout.resolve(root, "charts/../../x")).isInstanceOf(IllegalArgumentException.class);
        assertThat(ConfigRepoLayout.isSafeRelativePath("a//b")).isFalse();
        assertThat(ConfigRepoLayout.isSafeRelativePath("a\\b")).isFalse();
        assertThat(ConfigRepoLayout.isSafeRelativePath("a/\u0000")).isFalse();
        assertThat(ConfigRepoLayout.isSafeRelativePath(null)).isFalse();
    }

    @Test
    void givenValuesYaml_whenTheTagKeyIsRead_thenNestedScalarsAreFound() {
        Map<String, Object> values = ValuesFile.parse("# c\nimage:\n  repository: r\n  tag: \"abc\"\nreplicas: 2\n", "v");

        assertThat(ValuesFile.scalar(values, "image.tag")).contains("abc");
        assertThat(ValuesFile.scalar(values, "replicas")).contains("2");
        assertThat(ValuesFile.scalar(values, "image")).isEmpty();
        assertThat(ValuesFile.scalar(values, "image.tag.deeper")).isEmpty();
        assertThat(ValuesFile.scalar(values, "missing.key")).isEmpty();
    }

    @Test
    void givenValuesThatAreNotAMapping_whenParsed_thenTheyAreInvalid() {
        assertThat(ValuesFile.parse("", "v")).isEmpty();
        assertThatThrownBy(() -> ValuesFile.parse("- a\n", "v")).isInstanceOf(InvalidConfigException.class)
                .hasMessage("v:1:1: values must be a mapping");
        assertThatThrownBy(() -> ValuesFile.parse("a: [\n", "v")).isInstanceOf(InvalidConfigException.class);
    }

    @Test
    void givenLabels_whenChecked_thenOnlyDns1123LabelsPass() {
        assertThat(Dns1123.isLabel("shop-1")).isTrue();
        assertThat(Dns1123.isLabel("-shop")).isFalse();
        assertThat(Dns1123.isLabel(null)).isFalse();
        assertThat(Dns1123.requireLabel("app", "shop")).isEqualTo("shop");
        assertThat(Dns1123.problem("app", "a\nb")).contains("'a?b'");
    }
}
