package io.gitops.kit.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class GitRepositorySettingsTest {

    private static GitRepositorySettings settings(String url) {
        return GitRepositorySettings.of(url, "main", Optional.empty(), GitCredentials.none(),
                GitRepositorySettings.DEFAULT_TIMEOUT);
    }

    @Test
    void givenAUrlWithUserInfoAndQuery_whenDisplayed_thenBothAreScrubbed() {
        assertThat(GitClient.displayUrl("https://x-access-token:ghs_secret@github.com/acme/config.git?token=abc#x"))
                .isEqualTo("https://github.com/acme/config.git");
        assertThat(GitClient.displayUrl("http://user@127.0.0.1:8080/git/acme/config.git"))
                .isEqualTo("http://127.0.0.1:8080/git/acme/config.git");
    }

    @Test
    void givenUrlsThatAreNotHierarchical_whenDisplayed_thenUserInfoAndQueryAreStillScrubbed() {
        assertThat(GitClient.displayUrl("git@github.com:acme/config.git")).isEqualTo("github.com:acme/config.git");
        assertThat(GitClient.displayUrl("https://user:p w@host/a b?q=1")).isEqualTo("https://host/a b");
        assertThat(GitClient.displayUrl(null)).isEmpty();
        assertThat(GitClient.displayUrl("file:///srv/git/config.git?x=1")).isEqualTo("file:///srv/git/config.git");
    }

    @Test
    void givenCredentialsInTheUrl_whenBuildingSettings_thenRefusedWithoutEchoingThem() {
        assertThatThrownBy(() -> settings("https://bot:ghs_secret@github.com/acme/config.git"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not contain credentials")
                .hasMessageContaining("https://github.com/acme/config.git")
                .message().doesNotContain("ghs_secret");
    }

    @Test
    void givenAFileUrl_whenBuildingSettings_thenRefusedUnlessExplicitlyAllowed() {
        assertThatThrownBy(() -> settings("file:///srv/git/config.git"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must use http or https");

        GitRepositorySettings allowed = GitRepositorySettings.of("file:///srv/git/config.git", "main",
                Optional.empty(), GitCredentials.none(), Duration.ofSeconds(5), true);

        assertThat(allowed.url()).isEqualTo("file:///srv/git/config.git");
        assertThat(allowed.name()).isEqualTo("git/config");
    }

    @Test
    void givenUrlsThatAreNoRemotes_whenBuildingSettings_thenEachIsRefusedWithTheReason() {
        assertThatThrownBy(() -> settings(" ")).hasMessageContaining("is required");
        assertThatThrownBy(() -> settings("ssh://github.com/acme/config.git")).hasMessageContaining("http or https");
        assertThatThrownBy(() -> settings("https:///acme/config.git")).hasMessageContaining("has no host");
        assertThatThrownBy(() -> settings("https://exa mple.com/x")).hasMessageContaining("is not a valid URL");
        assertThatThrownBy(() -> new GitRepositorySettings("ftp://host/x", "main", null, GitCredentials.none(),
                Duration.ofSeconds(1))).hasMessageContaining("or file");
    }

    @Test
    void givenNoName_whenBuildingSettings_thenTheNameIsOwnerSlashNameOfTheUrlAndMatchesIgnoringCase() {
        GitRepositorySettings settings = settings("https://github.com/Acme/Gitops-Config.git/");

        assertThat(settings.name()).isEqualTo("Acme/Gitops-Config");
        assertThat(settings.isNamed("acme/gitops-config")).isTrue();
        assertThat(settings.isNamed("acme/other")).isFalse();
        assertThat(settings.isNamed(null)).isFalse();
        assertThat(settings.displayUrl()).isEqualTo("https://github.com/Acme/Gitops-Config.git/");
    }

    @Test
    void givenAConfiguredName_whenBuildingSettings_thenItIsUsed() {
        GitRepositorySettings settings = GitRepositorySettings.of("http://127.0.0.1:9/git/x/y.git", "main",
                Optional.of(" acme/config "), GitCredentials.none(), Duration.ofSeconds(1));

        assertThat(settings.name()).isEqualTo("acme/config");
    }

    @Test
    void givenAnInvalidBranchOrTimeout_whenBuildingSettings_thenRefused() {
        assertThatThrownBy(() -> settings("https://h/a/b.git").withBranch("bad..name"))
                .hasMessageContaining("not a valid Git branch name");
        assertThatThrownBy(() -> settings("https://h/a/b.git").withTimeout(Duration.ZERO))
                .hasMessageContaining("must be positive");
    }

    @Test
    void givenATimeout_whenGivenToJGit_thenItIsRoundedUpToWholeSecondsOfAtLeastOne() {
        GitRepositorySettings settings = settings("https://h/a/b.git");

        assertThat(settings.withTimeout(Duration.ofMillis(1)).timeoutSeconds()).isEqualTo(1);
        assertThat(settings.withTimeout(Duration.ofMillis(2500)).timeoutSeconds()).isEqualTo(3);
        assertThat(settings.withTimeout(Duration.ofMinutes(2)).timeoutSeconds()).isEqualTo(120);
        assertThat(settings.withBranch("release/1").branch()).isEqualTo("release/1");
    }
}
