package io.gitops.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigRepoReaderTest {

    @TempDir
    Path repo;

    private void write(String path, String content) throws IOException {
        Path file = repo.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private static String app(String name, String repo) {
        return "name: " + name + "\nsource: {repo: " + repo + "}\nimage: {repository: registry.local/" + name
                + "}\nenvironments: [{name: staging}]\n";
    }

    @Test
    void givenOneBrokenAppAmongValidOnes_whenTheRepoIsRead_thenOnlyThatAppIsInvalid() throws IOException {
        write("apps/shop/app.yaml", app("shop", "acme/shop"));
        write("apps/cart/app.yaml", "name: cart\nsource: [\n");
        write("apps/api/app.yaml", app("api", "Acme/Shop"));

        ConfigCatalog catalog = ConfigRepoReader.read(repo);

        assertThat(catalog.apps()).containsOnlyKeys("shop", "api");
        assertThat(catalog.invalid()).containsOnlyKeys("cart");
        assertThat(catalog.invalid().get("cart").get(0).file()).isEqualTo("apps/cart/app.yaml");
        assertThat(catalog.appsForSourceRepo("acme/shop")).extracting(AppConfig::name).containsExactly("api", "shop");
        assertThat(catalog.app("shop")).isPresent();
        assertThat(catalog.repoProblems()).isEmpty();
    }

    @Test
    void givenDirectoriesThatCannotBeApps_whenRead_thenEachIsReportedSeparately() throws IOException {
        Files.createDirectories(repo.resolve("apps/Bad_Name"));
        Files.createDirectories(repo.resolve("apps/empty"));
        write("apps/renamed/app.yaml", app("other", "acme/other"));
        write("apps/huge/app.yaml", "#".repeat((int) ConfigRepoReader.MAX_APP_FILE_BYTES + 1));

        ConfigCatalog catalog = ConfigRepoReader.read(repo);

        assertThat(catalog.apps()).isEmpty();
        assertThat(catalog.invalid().get("Bad_Name").get(0).message()).contains("not a DNS-1123 label");
        assertThat(catalog.invalid().get("empty").get(0).message()).isEqualTo("app.yaml is missing");
        assertThat(catalog.invalid().get("renamed").get(0).message())
                .isEqualTo("name 'other' does not match its directory apps/renamed");
        assertThat(catalog.invalid().get("huge").get(0).message()).contains("larger than");
    }

    @Test
    void givenAQuarantineFile_whenRead_thenItsTagsAreQuarantined() throws IOException {
        write(".gitops/quarantine.yaml", "quarantined:\n  - {app: shop, env: staging, tag: abc}\n  - {app: shop, tag: def}\n");

        Quarantine quarantine = ConfigRepoReader.read(repo).quarantine();

        assertThat(quarantine.isQuarantined("shop", "staging", "abc")).isTrue();
        assertThat(quarantine.isQuarantined("shop", "production", "abc")).isFalse();
        assertThat(quarantine.isQuarantined("shop", "production", "def")).isTrue();
        assertThat(quarantine.isQuarantined("cart", "staging", "def")).isFalse();
    }

    @Test
    void givenABrokenQuarantineFile_whenRead_thenItIsARepoProblemAndAppsStillLoad() throws IOException {
        write("apps/shop/app.yaml", app("shop", "acme/shop"));
        write(".gitops/quarantine.yaml", "quarantined: [{env: x}]\n");

        ConfigCatalog catalog = ConfigRepoReader.read(repo);

        assertThat(catalog.apps()).containsOnlyKeys("shop");
        assertThat(catalog.repoProblems()).singleElement().asString().contains("needs at least app and tag");
    }

    @Test
    void givenAnEmptyRepository_whenRead_thenTheCatalogIsEmpty() {
        ConfigCatalog catalog = ConfigRepoReader.read(repo);

        assertThat(catalog.apps()).isEmpty();
        assertThat(catalog.quarantine()).isEqualTo(Quarantine.EMPTY);
    }
}
