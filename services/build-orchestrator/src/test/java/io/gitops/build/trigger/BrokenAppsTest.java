package io.gitops.build.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.gitops.config.ConfigCatalog;
import io.gitops.config.ConfigRepoReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokenAppsTest {

    @TempDir
    Path root;

    @Test
    void givenABrokenAppYamlThatStillNamesItsRepository_whenMatched_thenItIsFoundWithItsBranchAndProblems()
            throws IOException {
        Files.createDirectories(root.resolve("apps/shop"));
        Files.writeString(root.resolve("apps/shop/app.yaml"), "name: shop\nsource:\n  repo: acme/shop-src\n"
                + "  branch: release\nimage: {}\n");
        Files.createDirectories(root.resolve("apps/blog"));
        ConfigCatalog catalog = ConfigRepoReader.read(root);

        assertThat(BrokenApps.of(catalog, root, "acme/shop-src")).singleElement().satisfies(b -> {
            assertThat(b.app()).isEqualTo("shop");
            assertThat(b.branch()).isEqualTo("release");
            assertThat(b.reason()).contains("apps/shop/app.yaml");
        });
        assertThat(BrokenApps.of(catalog, root, "acme/blog")).singleElement()
                .satisfies(b -> assertThat(b.reason()).contains("app.yaml is missing"));
        assertThat(BrokenApps.of(catalog, root, "acme/other")).isEmpty();
    }
}
