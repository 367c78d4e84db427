package io.gitops.build.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.gitops.build.testing.SampleApp;
import io.gitops.config.ConfigCatalog;
import io.gitops.kit.Outcome;
import io.gitops.kit.git.GitCredentials;
import io.gitops.kit.git.GitRepositorySettings;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigRepoMirrorTest {

    @TempDir
    Path temp;

    private Path origin() throws Exception {
        Path origin = temp.resolve("origin");
        try (Git git = Git.init().setDirectory(origin.toFile()).setInitialBranch("main").call()) {
            commit(git, origin, "shop");
        }
        return origin;
    }

    private static void commit(Git git, Path origin, String app) throws Exception {
        Path file = origin.resolve("apps/" + app + "/app.yaml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, SampleApp.appYaml(app, "acme/" + app, "registry.local/" + app, "bash ci/test.sh", ""));
        git.add().addFilepattern(".").call();
        git.commit().setMessage("add " + app).setAuthor("t", "t@example.com").setCommitter("t", "t@example.com")
                .call();
    }

    private ConfigRepoMirror mirror(String url) {
        return new ConfigRepoMirror(GitRepositorySettings.of(url, "main", Optional.of("gitops/config"),
                GitCredentials.none(), Duration.ofSeconds(10), true), temp.resolve("clone"));
    }

    @Test
    void givenAConfigRepository_whenRefreshedAgainAfterAPush_thenTheCatalogHasTheNewApp() throws Exception {
        Path origin = origin();
        try (ConfigRepoMirror mirror = mirror(origin.toUri().toString())) {
            Outcome<ConfigCatalog> first = mirror.refresh();
            try (Git git = Git.open(origin.toFile())) {
                commit(git, origin, "cart");
            }
            Outcome<ConfigCatalog> second = mirror.refresh();

            assertThat(first).isInstanceOf(Outcome.Success.class);
            assertThat(second).isInstanceOf(Outcome.Success.class);
            assertThat(mirror.loaded()).isTrue();
            assertThat(mirror.catalog().apps()).containsKeys("shop", "cart");
            assertThat(mirror.root()).isEqualTo(temp.resolve("clone"));
        }
    }

    @Test
    void givenAClosedMirror_whenRefreshed_thenTheCloneOnDiskIsOpenedAgain() throws Exception {
        ConfigRepoMirror mirror = mirror(origin().toUri().toString());
        mirror.refresh();
        mirror.close();

        Outcome<ConfigCatalog> again = mirror.refresh();
        mirror.close();

        assertThat(again).isInstanceOf(Outcome.Success.class);
    }

    @Test
    void givenAnUnreachableRepository_whenRefreshed_thenItIsTransientAndNothingIsLoaded() {
        ConfigRepoMirror mirror = mirror("http://127.0.0.1:1/gitops/config.git");

        Outcome<ConfigCatalog> result = mirror.refresh();

        assertThat(result).isInstanceOf(Outcome.TransientFailure.class);
        assertThat(mirror.loaded()).isFalse();
        assertThat(mirror.catalog().apps()).isEmpty();
    }

    @Test
    void givenTheConfiguredName_whenAWebhookNamesARepository_thenOnlyThatOneIsTheConfigRepository() {
        ConfigRepoMirror mirror = mirror("http://127.0.0.1:1/gitops/config.git");

        assertThat(mirror.isConfigRepo("GitOps/Config")).isTrue();
        assertThat(mirror.isConfigRepo("acme/shop")).isFalse();
        assertThat(mirror.isConfigRepo(null)).isFalse();
    }
}
