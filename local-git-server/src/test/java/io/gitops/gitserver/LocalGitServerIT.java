package io.gitops.gitserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.errors.InvalidRemoteException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalGitServerIT {

    private static final String OWNER = "acme";
    private static final String NAME = "config";

    @TempDir
    Path temp;

    private LocalGitServer server;
    private String seed;
    private final List<PushNotification> notifications = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startServer() {
        server = LocalGitServer.start(GitServerOptions.of(temp.resolve("repos")));
        seed = server.createRepository(OWNER, NAME, "main",
                Map.of("README.md", "# config\n", "apps/web/envs/dev/values.yaml", "image:\n  tag: v1 # pinned\n"));
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private GitClient cloneConfig(String directory) throws Exception {
        return GitClient.cloneFrom(server.repoUrl(OWNER, NAME), temp.resolve(directory));
    }

    @Test
    void givenSeededRepository_whenClonedOverHttp_thenWorkTreeHoldsSeededFilesAtSeedCommit() throws Exception {
        try (GitClient clone = cloneConfig("clone")) {
            assertThat(clone.read("apps/web/envs/dev/values.yaml")).isEqualTo("image:\n  tag: v1 # pinned\n");
            assertThat(clone.git().getRepository().resolve("HEAD").name()).isEqualTo(seed);
            assertThat(clone.git().getRepository().getBranch()).isEqualTo("main");
        }
        assertThat(server.repoUrl(OWNER, NAME)).isEqualTo(server.url() + "/acme/config.git")
                .startsWith("http://127.0.0.1:" + server.port() + "/git/");
    }

    @Test
    void givenDirectoryWithExecutableScriptAndGitFolder_whenSeedingFromIt_thenFilesAndModeAreCommittedWithoutGit()
            throws Exception {
        Path source = temp.resolve("sample-app");
        Files.createDirectories(source.resolve("src/main"));
        Files.createDirectories(source.resolve(".git"));
        Files.writeString(source.resolve("src/main/App.java"), "class App {}\n");
        Files.writeString(source.resolve(".git/config"), "[core]\n");
        Files.createDirectories(source.resolve("vendor/lib/.git"));
        Files.writeString(source.resolve("vendor/lib/.git/HEAD"), "ref: refs/heads/main\n");
        Path script = Files.writeString(source.resolve("build.sh"), "#!/bin/sh\necho ok\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));

        String head = server.createRepository(OWNER, "sample-app", "trunk", source);

        assertThat(server.headOf(OWNER, "sample-app", "trunk")).isEqualTo(head);
        assertThat(server.log(OWNER, "sample-app", "trunk")).singleElement()
                .satisfies(commit -> assertThat(commit.added()).containsExactly("build.sh", "src/main/App.java"));
        try (GitClient clone = GitClient.cloneFrom(server.repoUrl(OWNER, "sample-app"), temp.resolve("app"))) {
            assertThat(Files.isExecutable(clone.workTree().resolve("build.sh"))).isTrue();
            assertThat(Files.isExecutable(clone.workTree().resolve("src/main/App.java"))).isFalse();
        }
    }

    @Test
    void givenClone_whenPushingACommit_thenServerHeadLogAndFileShowIt() throws Exception {
        try (GitClient clone = cloneConfig("clone")) {
            RevCommit bump = clone.commit("apps/web/envs/dev/values.yaml", "image:\n  tag: v2 # pinned\n",
                    "bump web/dev to v2\n\nGitops-App: web");

            RemoteRefUpdate update = clone.pushMain();

            assertThat(update.getStatus()).isEqualTo(RemoteRefUpdate.Status.OK);
            assertThat(server.headOf(OWNER, NAME, "main")).isEqualTo(bump.name());
            assertThat(server.readFile(OWNER, NAME, "main", "apps/web/envs/dev/values.yaml"))
                    .contains("image:\n  tag: v2 # pinned\n");
            GitCommit newest = server.log(OWNER, NAME, "main").get(0);
            assertThat(newest.sha()).isEqualTo(bump.name());
            assertThat(newest.subject()).isEqualTo("bump web/dev to v2");
            assertThat(newest.message()).contains("Gitops-App: web");
            assertThat(newest.author()).isEqualTo(new GitIdentity("Dev Eloper", "dev@example.invalid"));
            assertThat(newest.parents()).containsExactly(seed);
            assertThat(newest.changedPaths()).containsExactly("apps/web/envs/dev/values.yaml");
        }
    }

    @Test
    void givenTwoClones_whenOneFetchesAfterTheOtherPushed_thenItSeesTheNewCommit() throws Exception {
        try (GitClient first = cloneConfig("first"); GitClient second = cloneConfig("second")) {
            RevCommit pushed = first.commit("notes.txt", "hello\n", "add notes");
            first.pushMain();

            second.fetch();

            assertThat(second.git().getRepository().resolve("refs/remotes/origin/main")).isEqualTo(pushed.getId());
        }
    }

    @Test
    void givenOutsiderCommitAfterClone_whenStaleClientPushes_thenPushIsRejectedNonFastForward() throws Exception {
        try (GitClient stale = cloneConfig("stale")) {
            String outsider = server.commitAsOutsider(OWNER, NAME, "main", Map.of("README.md", "# edited by hand\n"),
                    "manual edit");
            stale.commit("apps/web/envs/dev/values.yaml", "image:\n  tag: v3\n", "bump to v3");

            RemoteRefUpdate update = stale.pushMain();

            assertThat(update.getStatus()).isEqualTo(RemoteRefUpdate.Status.REJECTED_NONFASTFORWARD);
            assertThat(server.headOf(OWNER, NAME, "main")).isEqualTo(outsider);
        }
    }

    @Test
    void givenOutsiderCommitFetchedAndRebasedOnto_whenPushingAgain_thenPushIsAccepted() throws Exception {
        try (GitClient client = cloneConfig("client")) {
            String outsider = server.commitAsOutsider(OWNER, NAME, "main", Map.of("README.md", "# edited\n"),
                    "manual edit");
            client.commit("apps/web/envs/dev/values.yaml", "image:\n  tag: v3\n", "bump to v3");
            client.fetch();
            client.git().rebase().setUpstream("refs/remotes/origin/main").call();

            RemoteRefUpdate update = client.pushMain();

            assertThat(update.getStatus()).isEqualTo(RemoteRefUpdate.Status.OK);
            assertThat(server.log(OWNER, NAME, "main").get(0).parents()).containsExactly(outsider);
            assertThat(server.readFile(OWNER, NAME, "main", "README.md")).contains("# edited\n");
        }
    }

    @Test
    void givenPushesRejected_whenClientPushes_thenClientSeesTheReasonAndBranchIsUnchanged() throws Exception {
        server.rejectPushes(OWNER, NAME, "protected branch: changes need a pull request");
        try (GitClient client = cloneConfig("client")) {
            client.commit("README.md", "# nope\n", "direct change");

            RemoteRefUpdate update = client.pushMain();

            assertThat(update.getStatus()).isEqualTo(RemoteRefUpdate.Status.REJECTED_OTHER_REASON);
            assertThat(update.getMessage()).isEqualTo("protected branch: changes need a pull request");
            assertThat(server.headOf(OWNER, NAME, "main")).isEqualTo(seed);
        }
    }

    @Test
    void givenPushesRejectedThenAcceptedAgain_whenClientPushes_thenPushIsAccepted() throws Exception {
        server.rejectPushes(OWNER, NAME, "maintenance");
        server.acceptPushes(OWNER, NAME);
        try (GitClient client = cloneConfig("client")) {
            RevCommit change = client.commit("README.md", "# yes\n", "direct change");

            RemoteRefUpdate update = client.pushMain();

            assertThat(update.getStatus()).isEqualTo(RemoteRefUpdate.Status.OK);
            assertThat(server.headOf(OWNER, NAME, "main")).isEqualTo(change.name());
        }
    }

    @Test
    void givenPushHeldByDelay_whenOutsiderCommitsMeanwhile_thenHeldPushFailsAndOutsiderCommitStays()
            throws Exception {
        try (GitClient client = cloneConfig("client")) {
            client.commit("apps/web/envs/dev/values.yaml", "image:\n  tag: v4\n", "bump to v4");
            server.delayPushes(OWNER, NAME, Duration.ofSeconds(2));
            CompletableFuture<RemoteRefUpdate> push = CompletableFuture.supplyAsync(() -> {
                try {
                    return client.pushMain();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> server.pushesBeingDelayed(OWNER, NAME) == 1);

            String outsider = server.commitAsOutsider(OWNER, NAME, "main", Map.of("README.md", "# racing\n"),
                    "racing edit");

            RemoteRefUpdate update = push.get(20, TimeUnit.SECONDS);
            assertThat(update.getStatus()).isEqualTo(RemoteRefUpdate.Status.REJECTED_OTHER_REASON);
            assertThat(update.getMessage()).isEqualTo("failed to lock");
            assertThat(server.headOf(OWNER, NAME, "main")).isEqualTo(outsider);
            assertThat(server.pushesBeingDelayed(OWNER, NAME)).isZero();
        }
    }

    @Test
    void givenListener_whenPushingTwoCommits_thenOneNotificationDescribesRefShasCommitsAndPaths() throws Exception {
        server.onPush(notifications::add);
        try (GitClient client = cloneConfig("client")) {
            RevCommit first = client.commit("apps/api/app.yaml", "name: api\n", "add api");
            RevCommit second = client.commit("apps/web/envs/dev/values.yaml", "image:\n  tag: v5\n", "bump web");

            client.pushMain();

            await().atMost(Duration.ofSeconds(10)).until(() -> !notifications.isEmpty());
            PushNotification push = notifications.get(0);
            assertThat(push.repositoryFullName()).isEqualTo("acme/config");
            assertThat(push.ref()).isEqualTo("refs/heads/main");
            assertThat(push.before()).isEqualTo(seed);
            assertThat(push.after()).isEqualTo(second.name());
            assertThat(push.created()).isFalse();
            assertThat(push.deleted()).isFalse();
            assertThat(push.forced()).isFalse();
            assertThat(push.cloneUrl()).isEqualTo(server.repoUrl(OWNER, NAME));
            assertThat(push.defaultBranch()).isEqualTo("main");
            assertThat(push.pusher()).isEqualTo(new GitIdentity("Dev Eloper", "dev@example.invalid"));
            assertThat(push.commits()).extracting(GitCommit::sha).containsExactly(first.name(), second.name());
            assertThat(push.commits().get(0).added()).containsExactly("apps/api/app.yaml");
            assertThat(push.commits().get(1).modified()).containsExactly("apps/web/envs/dev/values.yaml");
            assertThat(push.headCommit()).hasValueSatisfying(head -> {
                assertThat(head.sha()).isEqualTo(second.name());
                assertThat(head.message()).isEqualTo("bump web");
                assertThat(head.timestamp().toEpochSecond()).isEqualTo(second.getCommitTime());
            });
        }
        assertThat(notifications).hasSize(1);
    }

    @Test
    void givenListener_whenOutsiderCommitsWithADeletion_thenNotificationListsWrittenAndRemovedPaths() {
        server.onPush(notifications::add);

        String outsider = server.commitAsOutsider(OWNER, NAME, "main", Map.of("apps/web/app.yaml", "name: web\n"),
                Set.of("README.md"), "move readme");

        assertThat(notifications).singleElement().satisfies(push -> {
            assertThat(push.before()).isEqualTo(seed);
            assertThat(push.after()).isEqualTo(outsider);
            assertThat(push.pusher()).isEqualTo(LocalGitServer.OUTSIDER);
            assertThat(push.commits()).singleElement().satisfies(commit -> {
                assertThat(commit.added()).containsExactly("apps/web/app.yaml");
                assertThat(commit.removed()).containsExactly("README.md");
                assertThat(commit.author()).isEqualTo(LocalGitServer.OUTSIDER);
            });
        });
        assertThat(server.readFile(OWNER, NAME, "main", "README.md")).isEmpty();
    }

    @Test
    void givenListener_whenPushingANewBranch_thenNotificationIsCreatedWithOnlyTheBranchCommits() throws Exception {
        server.onPush(notifications::add);
        try (GitClient client = cloneConfig("client")) {
            client.git().checkout().setCreateBranch(true).setName("bump/web-dev").call();
            RevCommit change = client.commit("apps/web/envs/dev/values.yaml", "image:\n  tag: v6\n", "bump web");

            client.push("refs/heads/bump/web-dev:refs/heads/bump/web-dev");

            await().atMost(Duration.ofSeconds(10)).until(() -> !notifications.isEmpty());
            PushNotification push = notifications.get(0);
            assertThat(push.ref()).isEqualTo("refs/heads/bump/web-dev");
            assertThat(push.created()).isTrue();
            assertThat(push.before()).isEqualTo(PushNotification.ZERO_SHA);
            assertThat(push.commits()).extracting(GitCommit::sha).containsExactly(change.name());
            assertThat(server.branches(OWNER, NAME)).containsExactly("bump/web-dev", "main");
        }
    }

    @Test
    void givenListener_whenDeletingABranch_thenNotificationIsDeletedWithoutCommits() throws Exception {
        server.commitAsOutsider(OWNER, NAME, "feature", Map.of("f.txt", "f\n"), "feature work");
        server.onPush(notifications::add);
        try (GitClient client = cloneConfig("client")) {

            client.push(":refs/heads/feature");

            await().atMost(Duration.ofSeconds(10)).until(() -> !notifications.isEmpty());
            PushNotification push = notifications.get(0);
            assertThat(push.deleted()).isTrue();
            assertThat(push.after()).isEqualTo(PushNotification.ZERO_SHA);
            assertThat(push.commits()).isEmpty();
            assertThat(push.headCommit()).isEmpty();
            assertThat(server.branches(OWNER, NAME)).containsExactly("main");
        }
    }

    @Test
    void givenListener_whenForcePushingOverAnOutsiderCommit_thenNotificationIsForced() throws Exception {
        try (GitClient client = cloneConfig("client")) {
            server.commitAsOutsider(OWNER, NAME, "main", Map.of("README.md", "# lost\n"), "will be overwritten");
            RevCommit mine = client.commit("README.md", "# mine\n", "mine");
            server.onPush(notifications::add);

            client.push("+refs/heads/main:refs/heads/main");

            await().atMost(Duration.ofSeconds(10)).until(() -> !notifications.isEmpty());
            PushNotification push = notifications.get(0);
            assertThat(push.forced()).isTrue();
            assertThat(push.after()).isEqualTo(mine.name());
            assertThat(push.commits()).extracting(GitCommit::sha).containsExactly(mine.name());
        }
    }

    @Test
    void givenFailingListenerAndHealthyListener_whenPushing_thenPushSucceedsAndHealthyListenerIsCalled()
            throws Exception {
        server.onPush(push -> {
            throw new IllegalStateException("listener bug");
        });
        server.onPush(notifications::add);
        try (GitClient client = cloneConfig("client")) {
            client.commit("README.md", "# ok\n", "change");

            RemoteRefUpdate update = client.pushMain();

            assertThat(update.getStatus()).isEqualTo(RemoteRefUpdate.Status.OK);
            await().atMost(Duration.ofSeconds(10)).until(() -> notifications.size() == 1);
        }
    }

    @Test
    void givenClosedSubscription_whenOutsiderCommits_thenListenerIsNotCalled() {
        PushSubscription subscription = server.onPush(notifications::add);
        subscription.close();

        server.commitAsOutsider(OWNER, NAME, "main", Map.of("README.md", "# quiet\n"), "quiet");

        assertThat(notifications).isEmpty();
    }

    @Test
    void givenUnknownRepository_whenCloning_thenCloneFails() {
        Path target = temp.resolve("missing");

        assertThatThrownBy(() -> GitClient.cloneFrom(server.repoUrl(OWNER, "missing"), target))
                .isInstanceOf(InvalidRemoteException.class);
    }

    @Test
    void givenExistingRepository_whenCreatingItAgain_thenItIsRefused() {
        Map<String, String> files = Map.of("a", "b");

        assertThatThrownBy(() -> server.createRepository(OWNER, NAME, "main", files))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already exists");
    }

    @Test
    void givenMissingBranch_whenAskingItsHead_thenNoSuchElement() {
        assertThatThrownBy(() -> server.headOf(OWNER, NAME, "nope"))
                .isInstanceOf(NoSuchElementException.class).hasMessageContaining("nope");
    }

    @Test
    void givenSeededRepository_whenReadingAMissingFileOrADirectory_thenEmpty() {
        assertThat(server.readFile(OWNER, NAME, "main", "apps/none.yaml")).isEmpty();
        assertThat(server.readFile(OWNER, NAME, "main", "apps")).isEmpty();
    }

    @Test
    void givenOwnerOrNameEscapingTheBaseDirectory_whenBuildingTheirUrl_thenTheyAreRefused() {
        assertThatThrownBy(() -> server.repoUrl("..", NAME)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> server.repoUrl(OWNER, "x.git")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> server.repoUrl(OWNER, "a/b")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenAFilePathEscapingTheTree_whenReadingIt_thenItIsRefused() {
        assertThatThrownBy(() -> server.readFile(OWNER, NAME, "main", "../etc/passwd"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenAnInvalidBranchName_whenAskingItsHead_thenItIsRefused() {
        assertThatThrownBy(() -> server.headOf(OWNER, NAME, "bad..branch"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenOneSeededRepository_whenAskingWhichExist_thenOnlyThatOneDoes() {
        boolean seeded = server.repositoryExists(OWNER, NAME);
        boolean other = server.repositoryExists(OWNER, "other");

        assertThat(seeded).isTrue();
        assertThat(other).isFalse();
    }

    @Test
    void givenServerRestartedOnTheSameDirectory_whenCloning_thenRepositoriesAreStillServed() throws Exception {
        Path base = server.baseDirectory();
        server.close();
        server = LocalGitServer.start(GitServerOptions.of(base));

        try (GitClient clone = cloneConfig("after-restart")) {
            assertThat(clone.git().getRepository().resolve("HEAD")).isEqualTo(ObjectId.fromString(seed));
        }
    }
}
