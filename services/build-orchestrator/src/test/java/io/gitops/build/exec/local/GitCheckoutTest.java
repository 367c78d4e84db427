package io.gitops.build.exec.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.gitops.kit.Outcome;
import io.gitops.kit.git.GitCredentials;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitCheckoutTest {

    @TempDir
    Path temp;

    String url;
    String sha;
    GitCheckout checkout;

    @BeforeEach
    void repository() throws Exception {
        Path origin = temp.resolve("origin");
        try (Git git = Git.init().setDirectory(origin.toFile()).setInitialBranch("main").call()) {
            Files.writeString(origin.resolve("Dockerfile"), "FROM scratch\n");
            git.add().addFilepattern(".").call();
            RevCommit commit = git.commit().setMessage("first").setAuthor("t", "t@example.com")
                    .setCommitter("t", "t@example.com").call();
            sha = commit.name();
        }
        url = origin.toUri().toString();
        checkout = new GitCheckout(GitCredentials.none(), Duration.ofSeconds(10),
                CloneUrlPolicy.of(temp.toUri() + "{repo}", List.of()));
    }

    @Test
    void givenTheBranchTip_whenCheckedOut_thenTheWorkspaceHoldsItsFilesAndTime() {
        Path workspace = temp.resolve("ws");

        Outcome<GitCheckout.Checkout> result = checkout.checkout(url, "main", sha, workspace);

        assertThat(result).isInstanceOfSatisfying(Outcome.Success.class, s -> {
            GitCheckout.Checkout done = (GitCheckout.Checkout) s.value();
            assertThat(done.directory()).isEqualTo(workspace);
            assertThat(done.commitTime()).isNotNull();
        });
        assertThat(workspace.resolve("Dockerfile")).hasContent("FROM scratch");
    }

    @Test
    void givenACommitThatDoesNotExist_whenCheckedOut_thenItIsAPermanentFailureNamingIt() {
        Outcome<GitCheckout.Checkout> result = checkout.checkout(url, "main", "ab".repeat(20), temp.resolve("ws"));

        assertThat(result).isInstanceOfSatisfying(Outcome.PermanentFailure.class,
                p -> assertThat(p.reason()).contains("ab".repeat(20)).contains("does not exist"));
    }

    @Test
    void givenSomethingThatIsNotASha_whenCheckedOut_thenItIsAPermanentFailure() {
        Outcome<GitCheckout.Checkout> result = checkout.checkout(url, "main", "main", temp.resolve("ws"));

        assertThat(result).isInstanceOf(Outcome.PermanentFailure.class);
    }

    @Test
    void givenAUrlWithCredentialsInIt_whenCheckedOut_thenItIsRefusedWithoutShowingThem() {
        Outcome<GitCheckout.Checkout> result = checkout.checkout("https://bot:s3cret@git.example/acme/shop.git",
                "main", sha, temp.resolve("ws"));

        assertThat(result).isInstanceOfSatisfying(Outcome.PermanentFailure.class,
                p -> assertThat(p.reason()).doesNotContain("s3cret").contains("git.example/acme/shop.git"));
    }

    @Test
    void givenAFileUrlOutsideTheGitBase_whenCheckedOut_thenItIsRefusedNamingTheRuleAndNothingIsFetched() {
        GitCheckout githubOnly = new GitCheckout(GitCredentials.token("ghp_orgToken"), Duration.ofSeconds(10),
                CloneUrlPolicy.of("https://github.com/{repo}.git", List.of()));

        Outcome<GitCheckout.Checkout> result = githubOnly.checkout(url, "main", sha, temp.resolve("ws"));

        assertThat(result).isInstanceOfSatisfying(Outcome.PermanentFailure.class, p -> assertThat(p.reason())
                .contains("is refused", "gitops.build.allowed-git-hosts", "github.com"));
        assertThat(temp.resolve("ws")).doesNotExist();
    }

    @Test
    void givenAHostThatDoesNotAnswer_whenCheckedOut_thenItIsATransientFailure() {
        GitCheckout unreachable = new GitCheckout(GitCredentials.none(), Duration.ofSeconds(10),
                CloneUrlPolicy.of("http://127.0.0.1:1/{repo}.git", List.of()));

        Outcome<GitCheckout.Checkout> result = unreachable.checkout("http://127.0.0.1:1/acme/shop.git", "main", sha,
                temp.resolve("ws"));

        assertThat(result).isInstanceOf(Outcome.TransientFailure.class);
    }

    @Test
    void givenAWorkspace_whenDeletedRecursively_thenNothingIsLeft() throws Exception {
        Path dir = Files.createDirectories(temp.resolve("ws/a/b"));
        Files.writeString(dir.resolve("f"), "x");

        GitCheckout.deleteRecursively(temp.resolve("ws"));
        GitCheckout.deleteRecursively(temp.resolve("missing"));

        assertThat(temp.resolve("ws")).doesNotExist();
    }
}
