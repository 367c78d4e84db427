package io.gitops.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitops.config.AppConfig;
import io.gitops.config.ConfigCatalog;
import io.gitops.config.ConfigRepoLayout;
import io.gitops.config.ConfigRepoReader;
import org.junit.jupiter.api.Test;

/** The config repository the compose stack seeds into Gitea is one the platform's own parser accepts. */
class ComposeConfigRepoTest {

    @Test
    void givenTheSeededConfigRepository_whenThePlatformReadsIt_thenEveryAppIsValidWithItsChartAndValuesPresent() {
        // Given
        java.nio.file.Path root = Repo.path("deploy/compose/config-repo");

        // When
        ConfigCatalog catalog = ConfigRepoReader.read(root);

        // Then
        assertThat(catalog.invalid()).isEmpty();
        assertThat(catalog.repoProblems()).isEmpty();
        assertThat(catalog.apps()).isNotEmpty();
        for (AppConfig app : catalog.apps().values()) {
            assertThat(root.resolve(app.chart().path()).resolve("Chart.yaml")).isRegularFile();
            for (AppConfig.EnvironmentConfig env : app.environments()) {
                assertThat(root.resolve(ConfigRepoLayout.valuesFile(app.name(), env.name()))).isRegularFile();
            }
            assertThat(app.image().repository()).startsWith("registry:5000/");
        }
        assertThat(root.resolve(ConfigRepoLayout.QUARANTINE_FILE)).isRegularFile();
    }
}
