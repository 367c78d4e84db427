package io.gitops.build.exec.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Which clone URLs an app.yaml may name, and which of them get the orchestrator's Git credentials. */
class CloneUrlPolicyTest {

    final CloneUrlPolicy enterprise = CloneUrlPolicy.of("https://git.corp.example/{repo}.git", List.of());

    @Test
    void givenAUrlUnderTheGitBase_whenDecided_thenItIsClonedWithTheCredentials() {
        assertThat(enterprise.decide("https://git.corp.example/acme/shop.git"))
                .isEqualTo(new CloneUrlPolicy.Accepted(true, false));
    }

    @Test
    void givenAnHttpsUrlOnGithubWhileTheBaseIsAnotherHost_whenDecided_thenItIsClonedAnonymously() {
        assertThat(enterprise.decide("https://github.com/acme/shop.git"))
                .isEqualTo(new CloneUrlPolicy.Accepted(false, false));
    }

    @Test
    void givenAFileUrl_whenDecided_thenItIsRefusedWithTheRule() {
        assertThat(enterprise.decide("file:///etc/gitops/secrets.git")).isInstanceOfSatisfying(
                CloneUrlPolicy.Refused.class, r -> assertThat(r.reason()).contains("file:///etc/gitops/secrets.git",
                        "https://git.corp.example/", "gitops.build.allowed-git-hosts: git.corp.example, github.com"));
    }

    @Test
    void givenAHostThatIsNotAllowed_whenDecided_thenItIsRefused() {
        assertThat(enterprise.decide("https://attacker.example/acme/shop.git"))
                .isInstanceOf(CloneUrlPolicy.Refused.class);
    }

    @Test
    void givenPlainHttpOnAnAllowedHost_whenDecided_thenItIsRefused() {
        assertThat(enterprise.decide("http://github.com/acme/shop.git")).isInstanceOf(CloneUrlPolicy.Refused.class);
    }

    @Test
    void givenOtherSchemesAndBrokenUrls_whenDecided_thenTheyAreRefused() {
        assertThat(List.of("ssh://git@github.com/acme/shop.git", "git@github.com:acme/shop.git",
                "https://bot:s3cret@git.corp.example/acme/shop.git", "not a url", "/srv/git/shop.git"))
                .allSatisfy(u -> assertThat(enterprise.decide(u)).isInstanceOfSatisfying(CloneUrlPolicy.Refused.class,
                        r -> assertThat(r.reason()).doesNotContain("s3cret")));
        assertThat(enterprise.decide(null)).isInstanceOf(CloneUrlPolicy.Refused.class);
    }

    @Test
    void givenAnHttpGitBaseOnALoopbackPort_whenDecided_thenOnlyThatPortAndPathGetCredentials() {
        CloneUrlPolicy local = CloneUrlPolicy.of("http://127.0.0.1:8080/git/{repo}.git", List.of());

        assertThat(local.decide("http://127.0.0.1:8080/git/acme/shop.git"))
                .isEqualTo(new CloneUrlPolicy.Accepted(true, false));
        assertThat(local.decide("http://127.0.0.1:9090/git/acme/shop.git")).isInstanceOf(CloneUrlPolicy.Refused.class);
        assertThat(local.decide("http://127.0.0.1:8080/other/acme/shop.git"))
                .isInstanceOf(CloneUrlPolicy.Refused.class);
        assertThat(local.decide("http://127.0.0.1:8080/git/../admin/shop.git"))
                .isInstanceOf(CloneUrlPolicy.Refused.class);
    }

    @Test
    void givenConfiguredAllowedHosts_whenDecided_thenTheyReplaceTheDefaultsAndNeverGetTheCredentials() {
        CloneUrlPolicy policy = CloneUrlPolicy.of("https://github.com/{repo}.git", List.of(" Mirror.Example ", ""));

        assertThat(policy.allowedHosts()).containsExactly("mirror.example");
        assertThat(policy.decide("https://mirror.example/acme/shop.git"))
                .isEqualTo(new CloneUrlPolicy.Accepted(false, false));
        assertThat(policy.decide("https://github.com/acme/shop.git"))
                .isEqualTo(new CloneUrlPolicy.Accepted(true, false));
        assertThat(policy.decide("https://gitlab.com/acme/shop.git")).isInstanceOf(CloneUrlPolicy.Refused.class);
    }

    @Test
    void givenAFileGitBase_whenDecided_thenFileUrlsUnderItAreAccepted() {
        CloneUrlPolicy files = CloneUrlPolicy.of("file:///srv/git/{repo}", List.of());

        assertThat(files.decide("file:///srv/git/acme/shop")).isEqualTo(new CloneUrlPolicy.Accepted(true, true));
        assertThat(files.decide("file:///etc/shadow")).isInstanceOf(CloneUrlPolicy.Refused.class);
    }

    @Test
    void givenATemplateThatIsNotAUrl_whenBuilt_thenItIsRefused() {
        assertThatThrownBy(() -> CloneUrlPolicy.of("github.com/{repo}", List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("url-template");
        assertThatThrownBy(() -> CloneUrlPolicy.of("https://exa mple/{repo}", List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
