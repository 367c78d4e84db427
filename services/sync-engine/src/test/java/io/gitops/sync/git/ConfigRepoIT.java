package io.gitops.sync.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.gitops.gitserver.LocalGitServer;
import io.gitops.kit.git.GitCredentials;
import io.gitops.kit.git.GitRepositorySettings;
import io.gitops.sync.testing.ConfigRepoFixture;
import io.gitops.testing.Provided;
import io.gitops.testing.WithGitServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The clone of the config repository over HTTP with basic credentials. */
@WithGitServer(username = "sync", password = "t0ken")
class ConfigRepoIT {

    @Provided
    static LocalGitServer git;
    static ConfigRepoFixture repo;

    @TempDir
    Path work;

    @BeforeAll
    static void createRepository() {
        repo = ConfigRepoFixture.create(git, "guarded");
        repo.addApp("shop", "prod", "1111111111111111111111111111111111111111", true, true);
    }

    private ConfigRepo clone(String branch, GitCredentials credentials) {
        return new ConfigRepo(GitRepositorySettings.of(repo.url(), branch, Optional.empty(), credentials,
                Duration.ofSeconds(10)), work);
    }

    @Test
    void givenATokenForAGuardedRepository_whenFetched_thenTheCommitIsCheckedOutAndItsCatalogRead() {
        try (ConfigRepo clone = clone("main", GitCredentials.basic("sync", "t0ken"))) {

            ConfigSnapshot snapshot = clone.fetch();

            assertThat(snapshot.commit()).isEqualTo(repo.head());
            assertThat(snapshot.catalog().app("shop")).isPresent();
            assertThat(Files.isRegularFile(snapshot.root().resolve("charts/web/Chart.yaml"))).isTrue();
            assertThat(clone.current()).contains(snapshot);
        }
    }

    @Test
    void givenNewCommits_whenFetchedAgain_thenOnlyTheCurrentAndThePreviousCheckoutsAreKept() {
        try (ConfigRepo clone = clone("main", GitCredentials.basic("sync", "t0ken"))) {
            ConfigSnapshot first = clone.fetch();
            repo.commit(Map.of("notes/one.txt", "1\n"), "one");
            clone.fetch();
            repo.commit(Map.of("notes/two.txt", "2\n"), "two");

            ConfigSnapshot third = clone.fetch();

            assertThat(third.commit()).isEqualTo(repo.head());
            assertThat(Files.exists(first.root())).isFalse();
            assertThat(clone.fetch()).isSameAs(third);
        }
    }

    @Test
    void givenWrongCredentials_whenFetched_thenItFailsWithAFetchException() {
        try (ConfigRepo clone = clone("main", GitCredentials.token("wrong"))) {

            assertThatThrownBy(clone::fetch).isInstanceOf(FetchException.class).hasMessageContaining(repo.url());
        }
    }

    @Test
    void givenABranchThatDoesNotExist_whenFetched_thenItFailsNamingTheBranch() {
        try (ConfigRepo clone = clone("release", GitCredentials.basic("sync", "t0ken"))) {

            assertThatThrownBy(clone::fetch).isInstanceOf(FetchException.class).hasMessageContaining("release");
        }
    }
}
