package io.gitops.kit.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.gitops.gitserver.GitServerOptions;
import io.gitops.gitserver.LocalGitServer;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitClientIT {

    private static final PersonIdent BOT = new PersonIdent("gitops-bot", "bot@gitops.invalid");

    @TempDir
    Path temp;

    private LocalGitServer server;
    private String seeded;

    @BeforeEach
    void startServer() {
        server = LocalGitServer.start(GitServerOptions.of(temp.resolve("repos")));
        seeded = server.createRepository("acme", "config", "main",
                Map.of("README.md", "# config\n", "apps/shop/app.yaml", "name: shop\n"));
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private GitRepositorySettings settings(String name) {
        return GitRepositorySettings.of(server.repoUrl("acme", name), "main", Optional.empty(), GitCredentials.none(),
                Duration.ofSeconds(10));
    }

    private GitClient open() {
        return GitClient.open(temp.resolve("clone"), settings("config"));
    }

    @Test
    void givenASeededRepository_whenOpened_thenHeadIsTheBranchTipAndTheWorkTreeHoldsItsFiles() throws Exception {
        try (GitClient client = open()) {
            assertThat(client.head()).hasValue(ObjectId.fromString(seeded));
            assertThat(client.workTree().resolve("apps/shop/app.yaml")).hasContent("name: shop");
            assertThat(client.settings().name()).isEqualTo("acme/config");
            assertThat(client.displayUrl()).isEqualTo(server.repoUrl("acme", "config"));
        }
    }

    @Test
    void givenNoNewCommits_whenFetching_thenTheHeadDidNotMove() {
        try (GitClient client = open()) {
            FetchResult result = client.fetch();

            assertThat(result.moved()).isFalse();
            assertThat(result.head()).hasValue(ObjectId.fromString(seeded));
        }
    }

    @Test
    void givenTheHeadDidNotMove_whenFetchingAgain_thenTheWorkTreeIsLeftAsItIsNotWalkedAgain() throws Exception {
        try (GitClient client = open()) {
            Files.writeString(client.workTree().resolve("marker.txt"), "written between two fetches");

            FetchResult result = client.fetch();

            assertThat(result.moved()).isFalse();
            assertThat(client.workTree().resolve("marker.txt")).exists();
        }
    }

    @Test
    void givenAStrayFileInAReusedClone_whenOpenedAgain_thenTheFirstFetchCleansIt() throws Exception {
        Path dir;
        try (GitClient client = open()) {
            dir = client.workTree();
            Files.writeString(dir.resolve("stray.txt"), "left by a crash");
        }

        try (GitClient reopened = GitClient.open(dir, settings("config"))) {
            assertThat(reopened.workTree().resolve("stray.txt")).doesNotExist();
        }
    }

    @Test
    void givenAnOutsiderCommit_whenFetching_thenTheHeadMovedAndTheWorkTreeFollowed() throws Exception {
        try (GitClient client = open()) {
            Files.writeString(client.workTree().resolve("stray.txt"), "left by a crash");
            String outsider = server.commitAsOutsider("acme", "config", "main", Map.of("README.md", "# moved\n"),
                    "outsider");

            FetchResult result = client.fetch();

            assertThat(result.moved()).isTrue();
            assertThat(result.previous()).hasValue(ObjectId.fromString(seeded));
            assertThat(result.head()).hasValue(ObjectId.fromString(outsider));
            assertThat(client.workTree().resolve("README.md")).hasContent("# moved");
            assertThat(client.workTree().resolve("stray.txt")).doesNotExist();
        }
    }

    @Test
    void givenTheCurrentHeadAsExpected_whenPushingACommitOnIt_thenPushedAndTheRemoteHasIt() {
        try (GitClient client = open()) {
            ObjectId head = client.head().orElseThrow();
            ObjectId commit = client.commit(head, Map.of("apps/shop/envs/dev/values.yaml", "tag: v2\n"), Set.of(),
                    "bump shop dev", BOT, BOT);

            PushResult result = client.push(commit, head);

            assertThat(result).isEqualTo(new PushResult.Pushed(commit));
            assertThat(server.headOf("acme", "config", "main")).isEqualTo(commit.name());
            assertThat(server.readFile("acme", "config", "main", "apps/shop/envs/dev/values.yaml"))
                    .hasValue("tag: v2\n");
            assertThat(client.head()).hasValue(commit);
        }
    }

    @Test
    void givenRemoteMoved_whenPushingWithStaleExpectedHead_thenRejectedWithoutOverwriting() {
        try (GitClient client = open()) {
            ObjectId stale = client.head().orElseThrow();
            String outsider = server.commitAsOutsider("acme", "config", "main", Map.of("README.md", "# theirs\n"),
                    "outsider");
            ObjectId mine = client.commit(stale, Map.of("README.md", "# mine\n"), Set.of(), "mine", BOT, BOT);

            PushResult result = client.push(mine, stale);

            assertThat(result).isInstanceOfSatisfying(PushResult.Rejected.class, rejected -> {
                assertThat(rejected.reason()).isEqualTo(PushResult.Reason.REMOTE_MOVED);
                assertThat(rejected.lostRace()).isTrue();
            });
            assertThat(server.headOf("acme", "config", "main")).isEqualTo(outsider);
        }
    }

    @Test
    void givenTwoWritersExpectingTheSameHead_whenTheirPushesRace_thenExactlyOneLandsAndTheOtherLostTheRace()
            throws Exception {
        try (GitClient first = open(); GitClient second = GitClient.open(temp.resolve("clone-2"), settings("config"))) {
            ObjectId head = first.head().orElseThrow();
            ObjectId mine = first.commit(head, Map.of("a.txt", "first"), Set.of(), "first", BOT, BOT);
            ObjectId theirs = second.commit(head, Map.of("a.txt", "second"), Set.of(), "second", BOT, BOT);
            server.delayPushes("acme", "config", Duration.ofMillis(1500));
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                Future<PushResult> one = pool.submit(() -> first.push(mine, head));
                Future<PushResult> other = pool.submit(() -> second.push(theirs, head));

                List<PushResult> results = List.of(one.get(30, TimeUnit.SECONDS), other.get(30, TimeUnit.SECONDS));

                assertThat(results).filteredOn(PushResult.Pushed.class::isInstance).hasSize(1);
                assertThat(results).filteredOn(PushResult.Rejected.class::isInstance).singleElement()
                        .satisfies(r -> assertThat(((PushResult.Rejected) r).lostRace()).isTrue());
                ObjectId landed = ((PushResult.Pushed) results.stream().filter(PushResult.Pushed.class::isInstance)
                        .findFirst().orElseThrow()).head();
                assertThat(server.headOf("acme", "config", "main")).isEqualTo(landed.name());
            } finally {
                pool.shutdownNow();
                server.delayPushes("acme", "config", Duration.ZERO);
            }
        }
    }

    @Test
    void givenTheRemoteHeadExpectedButACommitNotOnIt_whenPushing_thenRejectedAsNonFastForward() {
        try (GitClient client = open()) {
            ObjectId seededHead = client.head().orElseThrow();
            String outsider = server.commitAsOutsider("acme", "config", "main", Map.of("README.md", "# theirs\n"),
                    "outsider");
            client.fetch();
            ObjectId sideways = client.commit(seededHead, Map.of("x.txt", "x"), Set.of(), "sideways", BOT, BOT);

            PushResult result = client.push(sideways, ObjectId.fromString(outsider));

            assertThat(result).isInstanceOfSatisfying(PushResult.Rejected.class,
                    rejected -> assertThat(rejected.reason()).isEqualTo(PushResult.Reason.NON_FAST_FORWARD));
            assertThat(server.headOf("acme", "config", "main")).isEqualTo(outsider);
        }
    }

    @Test
    void givenTheRemoteRefusesPushes_whenPushing_thenRejectedAsRefusedWithTheRemotesMessage() {
        try (GitClient client = open()) {
            server.rejectPushes("acme", "config", "branch is protected");
            ObjectId head = client.head().orElseThrow();
            ObjectId commit = client.commit(head, Map.of("x.txt", "x"), Set.of(), "x", BOT, BOT);

            PushResult result = client.push(commit, head);

            assertThat(result).isEqualTo(new PushResult.Rejected(PushResult.Reason.REFUSED, "branch is protected"));
            assertThat(((PushResult.Rejected) result).lostRace()).isFalse();
            assertThat(server.headOf("acme", "config", "main")).isEqualTo(seeded);
        }
    }

    @Test
    void givenAnEmptyRemote_whenOpenedAndARootCommitIsPushedExpectingNoBranch_thenTheBranchIsCreated()
            throws Exception {
        try (Git ignored = Git.init().setBare(true).setInitialBranch("main")
                .setDirectory(server.baseDirectory().resolve("acme/empty.git").toFile()).call();
             GitClient client = GitClient.open(temp.resolve("empty-clone"), settings("empty"))) {
            assertThat(client.head()).isEmpty();

            ObjectId root = client.commit(null, Map.of("README.md", "# new\n"), Set.of(), "first", BOT, BOT);
            PushResult result = client.push(root, null);
            FetchResult fetched = client.fetch();

            assertThat(result).isEqualTo(new PushResult.Pushed(root));
            assertThat(server.headOf("acme", "empty", "main")).isEqualTo(root.name());
            assertThat(fetched.head()).hasValue(root);
            assertThat(client.workTree().resolve("README.md")).hasContent("# new");
        }
    }

    @Test
    void givenAnExistingCloneWithAStaleIndexLock_whenReopened_thenItIsReusedAndFetchesTheNewHead() throws Exception {
        Path marker;
        try (GitClient client = open()) {
            marker = Files.writeString(client.workTree().resolve(".git/reused-marker"), "kept");
            Files.writeString(client.workTree().resolve(".git/index.lock"), "");
        }
        String outsider = server.commitAsOutsider("acme", "config", "main", Map.of("README.md", "# moved\n"), "o");

        try (GitClient reopened = open()) {
            assertThat(marker).exists();
            assertThat(reopened.head()).hasValue(ObjectId.fromString(outsider));
            assertThat(reopened.workTree().resolve("README.md")).hasContent("# moved");
        }
    }

    @Test
    void givenACloneOfAnotherRepositoryInTheDirectory_whenOpened_thenItIsReplaced() {
        String other = server.createRepository("acme", "other", "main", Map.of("OTHER.md", "other\n"));
        try (GitClient client = GitClient.open(temp.resolve("clone"), settings("other"))) {
            assertThat(client.head()).hasValue(ObjectId.fromString(other));
        }

        try (GitClient client = open()) {
            assertThat(client.head()).hasValue(ObjectId.fromString(seeded));
            assertThat(client.workTree().resolve("OTHER.md")).doesNotExist();
        }
    }

    @Test
    void givenANonEmptyDirectoryThatIsNoClone_whenOpened_thenRefusedAndLeftAlone() throws Exception {
        Path precious = Files.writeString(Files.createDirectories(temp.resolve("clone")).resolve("notes.txt"), "x");

        assertThatThrownBy(this::open).isInstanceOfSatisfying(GitException.class,
                e -> assertThat(e.kind()).isEqualTo(GitException.Kind.PERMANENT))
                .hasMessageContaining("neither empty nor a Git clone");
        assertThat(precious).exists();
    }

    @Test
    void givenACommit_whenReadingFilesIdsTreesAndExports_thenTheyShowThatCommit() throws Exception {
        try (GitClient client = open()) {
            ObjectId first = client.head().orElseThrow();
            ObjectId second = client.commit(first, Map.of("apps/shop/envs/dev/values.yaml", "tag: v2\n"),
                    Set.of("README.md"), "second", BOT, BOT);

            assertThat(client.readFile(second, "apps/shop/envs/dev/values.yaml", 1024)).hasValue("tag: v2\n");
            assertThat(client.readFile(second, "README.md", 1024)).isEmpty();
            assertThat(client.readFile(first, "README.md", 1024)).hasValue("# config\n");
            assertThat(client.files(second, "")).containsExactly("apps/shop/app.yaml",
                    "apps/shop/envs/dev/values.yaml");
            assertThat(client.files(second, "apps/shop/envs/")).containsExactly("apps/shop/envs/dev/values.yaml");
            assertThat(client.objectId(second, "apps/shop/app.yaml")).isEqualTo(client.objectId(first,
                    "apps/shop/app.yaml"));
            assertThat(client.objectId(second, "apps/shop")).isNotEqualTo(client.objectId(first, "apps/shop"));
            assertThat(client.objectId(second, "nope")).isEmpty();

            Path exported = client.export(second, temp.resolve("checkouts").resolve(second.name()));
            Path again = client.export(second, exported);

            assertThat(exported.resolve("apps/shop/envs/dev/values.yaml")).hasContent("tag: v2");
            assertThat(exported.resolve("README.md")).doesNotExist();
            assertThat(again).isEqualTo(exported);
            assertThat(exported.resolveSibling(second.name() + ".partial")).doesNotExist();
        }
    }

    @Test
    void givenADirectoryOrAnOversizedFile_whenRead_thenAPermanentFailure() {
        try (GitClient client = open()) {
            ObjectId head = client.head().orElseThrow();

            assertThatThrownBy(() -> client.readFile(head, "apps/shop", 1024))
                    .isInstanceOfSatisfying(GitException.class, e -> assertThat(e.isTransient()).isFalse())
                    .hasMessageContaining("is not a regular file");
            assertThatThrownBy(() -> client.readFile(head, "README.md", 3))
                    .isInstanceOfSatisfying(GitException.class, e -> assertThat(e.isTransient()).isFalse())
                    .hasMessageContaining("is larger than 3 bytes");
            assertThatThrownBy(() -> client.readFile(ObjectId.zeroId(), "README.md", 3))
                    .isInstanceOfSatisfying(GitException.class, e -> assertThat(e.isTransient()).isFalse());
        }
    }

    @Test
    void givenAnExecutableFile_whenRewrittenByACommit_thenItStaysExecutable() throws Exception {
        Path seedDir = Files.createDirectories(temp.resolve("seed"));
        Path script = Files.writeString(seedDir.resolve("deploy.sh"), "#!/bin/sh\n");
        script.toFile().setExecutable(true);
        server.createRepository("acme", "scripts", "main", seedDir);
        try (GitClient client = GitClient.open(temp.resolve("scripts"), settings("scripts"))) {
            ObjectId head = client.head().orElseThrow();

            ObjectId commit = client.commit(head, Map.of("deploy.sh", "#!/bin/sh\necho v2\n"), Set.of(), "v2", BOT,
                    BOT);
            client.push(commit, head);
            client.fetch();

            assertThat(Files.isExecutable(client.workTree().resolve("deploy.sh"))).isTrue();
            assertThat(client.workTree().resolve("deploy.sh")).hasContent("#!/bin/sh\necho v2");
        }
    }

    @Test
    void givenAPathGitCannotHold_whenCommitting_thenRefused() {
        try (GitClient client = open()) {
            ObjectId head = client.head().orElseThrow();

            assertThatThrownBy(() -> client.commit(head, Map.of("../escape", "x"), Set.of(), "x", BOT, BOT))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void givenAWriteThatChangesNothing_whenCommitting_thenTheParentIsReturnedAndNoCommitIsMade() {
        try (GitClient client = open()) {
            ObjectId head = client.head().orElseThrow();

            ObjectId same = client.commit(head, Map.of("README.md", "# config\n"), Set.of(), "noop", BOT, BOT);

            assertThat(same).isEqualTo(head);
        }
    }

    @Test
    void givenAHistory_whenLogging_thenNewestFirstBoundedBySinceAndPath() {
        String second = server.commitAsOutsider("acme", "config", "main", Map.of("a.txt", "a"), "second");
        String third = server.commitAsOutsider("acme", "config", "main", Map.of("README.md", "# 3\n"), "third\n\nbody");
        try (GitClient client = open()) {
            ObjectId head = client.head().orElseThrow();

            List<CommitInfo> all = client.log(head, 10);
            List<CommitInfo> one = client.log(head, 1);
            List<CommitInfo> since = client.logSince(head, ObjectId.fromString(seeded), 10);
            List<CommitInfo> readme = client.logOfPath(head, "README.md", 10);

            assertThat(all).extracting(CommitInfo::name).containsExactly(third, second, seeded);
            assertThat(one).extracting(CommitInfo::name).containsExactly(third);
            assertThat(since).extracting(CommitInfo::name).containsExactly(third, second);
            assertThat(readme).extracting(CommitInfo::name).containsExactly(third, seeded);
            assertThat(all.get(0).message()).isEqualTo("third\n\nbody");
            assertThat(all.get(0).parents()).containsExactly(ObjectId.fromString(second));
            assertThat(all.get(0).committer().getName()).isEqualTo(LocalGitServer.OUTSIDER.name());
            assertThat(all.get(2).parents()).isEmpty();
        }
    }

    @Test
    void givenAnotherBranch_whenFetchingIt_thenItsHeadIsReturnedAndAMissingOneIsEmpty() {
        try (GitClient client = open()) {
            String pr = server.commitAsOutsider("acme", "config", "gitops/bump/shop/dev", Map.of("b.txt", "b"), "pr");

            Optional<ObjectId> fetched = client.fetchBranch("gitops/bump/shop/dev");
            Optional<ObjectId> missing = client.fetchBranch("gitops/bump/shop/prod");

            assertThat(fetched).hasValue(ObjectId.fromString(pr));
            assertThat(missing).isEmpty();
            assertThat(client.head()).hasValue(ObjectId.fromString(seeded));
            assertThatThrownBy(() -> client.fetchBranch("bad..branch")).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void givenANewBranch_whenPushingExpectingItAbsentTwice_thenCreatedOnceAndThenRejected() {
        try (GitClient client = open()) {
            ObjectId head = client.head().orElseThrow();
            ObjectId commit = client.commit(head, Map.of("c.txt", "c"), Set.of(), "c", BOT, BOT);

            PushResult created = client.push("gitops/bump/shop/dev", commit, null);
            PushResult again = client.push("gitops/bump/shop/dev", client.commit(commit, Map.of("d.txt", "d"),
                    Set.of(), "d", BOT, BOT), ObjectId.zeroId());

            assertThat(created).isEqualTo(new PushResult.Pushed(commit));
            assertThat(again).isInstanceOfSatisfying(PushResult.Rejected.class,
                    rejected -> assertThat(rejected.lostRace()).isTrue());
            assertThat(server.headOf("acme", "config", "gitops/bump/shop/dev")).isEqualTo(commit.name());
        }
    }

    @Test
    void givenLooseObjects_whenMaintainedAboveAndBelowTheThresholds_thenPackedOnlyWhenDue() {
        try (GitClient client = open()) {
            assertThat(client.maintain()).isFalse();
            assertThat(client.maintain(0, 0)).isTrue();
            assertThat(client.readFile(client.head().orElseThrow(), "README.md", 100)).hasValue("# config\n");
        }
    }

    @Test
    void givenAMissingRepository_whenOpened_thenAPermanentFailureNamingTheUrl() {
        assertThatThrownBy(() -> GitClient.open(temp.resolve("missing"), settings("missing")))
                .isInstanceOfSatisfying(GitException.class, e -> assertThat(e.kind())
                        .isEqualTo(GitException.Kind.PERMANENT))
                .hasMessageContaining(server.repoUrl("acme", "missing"));
    }

    @Test
    void givenTheServerIsDown_whenFetching_thenATransientFailure() {
        try (GitClient client = open()) {
            server.close();

            assertThatThrownBy(client::fetch).isInstanceOfSatisfying(GitException.class,
                    e -> assertThat(e.isTransient()).isTrue());
            assertThatThrownBy(() -> client.push(client.head().orElseThrow(), client.head().orElseThrow()))
                    .isInstanceOfSatisfying(GitException.class, e -> assertThat(e.isTransient()).isTrue());
            assertThat(GitClient.answers(client.settings(), Duration.ofSeconds(2))).isFalse();
        }
    }

    @Test
    void givenACommitPushedByAnother_whenListingTheRemoteHead_thenItIsThatCommitWithoutAClone() {
        String pushed = server.commitAsOutsider("acme", "config", "main", Map.of("README.md", "# moved\n"), "moved");

        Optional<ObjectId> head = GitClient.remoteHead(settings("config"));

        assertThat(head).hasValue(ObjectId.fromString(pushed));
        assertThat(GitClient.remoteHead(settings("config").withBranch("absent"))).isEmpty();
        assertThat(temp.resolve("clone")).doesNotExist();
    }

    @Test
    void givenTheServerIsDown_whenListingTheRemoteHead_thenATransientFailure() {
        GitRepositorySettings config = settings("config");
        server.close();

        assertThatThrownBy(() -> GitClient.remoteHead(config)).isInstanceOfSatisfying(GitException.class,
                e -> assertThat(e.isTransient()).isTrue()).hasMessageContaining("ls-remote of branch main");
    }

    @Test
    void givenAServerUp_whenProbed_thenItAnswers() {
        assertThat(GitClient.answers(settings("config"), Duration.ofSeconds(5))).isTrue();
    }

    @Test
    void givenAnOlderCommit_whenCheckedOut_thenTheDirectoryHoldsThatCommitWithItsTime() throws Exception {
        String second = server.commitAsOutsider("acme", "config", "main", Map.of("README.md", "# 2\n"), "2");
        server.commitAsOutsider("acme", "config", "main", Map.of("README.md", "# 3\n"), "3");
        Path directory = Files.createDirectories(temp.resolve("build"));
        Files.writeString(directory.resolve("leftover"), "from a previous build");

        Checkout tip = GitClient.checkout(settings("config"), server.headOf("acme", "config", "main"),
                temp.resolve("tip"));
        Checkout older = GitClient.checkout(settings("config"), second, directory);

        assertThat(tip.directory().resolve("README.md")).hasContent("# 3");
        assertThat(older.commit()).isEqualTo(ObjectId.fromString(second));
        assertThat(older.directory().resolve("README.md")).hasContent("# 2");
        assertThat(directory.resolve("leftover")).doesNotExist();
        assertThat(older.commitTime()).isEqualTo(server.log("acme", "config", "main").get(1).timestamp().toInstant());
    }

    @Test
    void givenACommitThatIsNotThereOrNoSha_whenCheckedOut_thenAPermanentFailure() {
        assertThatThrownBy(() -> GitClient.checkout(settings("config"), "0123456789abcdef0123456789abcdef01234567",
                temp.resolve("nowhere")))
                .isInstanceOfSatisfying(GitException.class, e -> assertThat(e.isTransient()).isFalse())
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> GitClient.checkout(settings("config"), "main", temp.resolve("nowhere")))
                .isInstanceOfSatisfying(GitException.class, e -> assertThat(e.isTransient()).isFalse())
                .hasMessageContaining("is not a commit SHA");
        assertThatThrownBy(() -> GitClient.checkout(settings("config").withBranch("gone"),
                "0123456789abcdef0123456789abcdef01234567", temp.resolve("nowhere")))
                .isInstanceOfSatisfying(GitException.class, e -> assertThat(e.isTransient()).isFalse())
                .hasMessageContaining("(branch gone)");
    }

    @Test
    void givenTheBranchNoLongerHoldsTheCommit_whenCheckedOut_thenTheCommitIsFetchedById() {
        Checkout checkout = GitClient.checkout(settings("config").withBranch("gone"), seeded, temp.resolve("byid"));

        assertThat(checkout.commit()).isEqualTo(ObjectId.fromString(seeded));
        assertThat(checkout.directory().resolve("README.md")).hasContent("# config");
    }

    @Test
    void givenTheServerIsDown_whenCheckingOut_thenATransientFailure() {
        GitRepositorySettings settings = settings("config");
        server.close();

        assertThatThrownBy(() -> GitClient.checkout(settings, seeded, temp.resolve("down")))
                .isInstanceOfSatisfying(GitException.class, e -> assertThat(e.isTransient()).isTrue());
    }
}
