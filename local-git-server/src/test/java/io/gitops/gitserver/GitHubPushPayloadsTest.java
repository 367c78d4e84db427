package io.gitops.gitserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GitHubPushPayloadsTest {

    private static final String BEFORE = "a".repeat(40);
    private static final String FIRST = "1".repeat(40);
    private static final String SECOND = "2".repeat(40);
    private static final GitIdentity DEV = new GitIdentity("Dev Eloper", "dev@example.invalid");
    private static final GitIdentity BOT = new GitIdentity("gitops-bot", "bot@example.invalid");

    private static GitCommit commit(String sha, String parent, String message, OffsetDateTime when,
            List<String> added, List<String> modified, List<String> removed) {
        return new GitCommit(sha, "f".repeat(40), message, DEV, BOT, when, List.of(parent), added, modified,
                removed);
    }

    private static final GitCommit FIRST_COMMIT = commit(FIRST, BEFORE, "add api\n",
            OffsetDateTime.of(2015, 5, 5, 19, 40, 15, 0, ZoneOffset.ofHours(-4)),
            List.of("apps/api/app.yaml"), List.of(), List.of("old.txt"));
    private static final GitCommit SECOND_COMMIT = commit(SECOND, FIRST, "bump web\n\nGitops-Tag: v2",
            OffsetDateTime.of(2026, 3, 1, 12, 0, 0, 0, ZoneOffset.UTC),
            List.of(), List.of("apps/web/envs/dev/values.yaml"), List.of());

    private static PushNotification push(String before, String after, boolean forced, List<GitCommit> commits,
            Optional<GitCommit> head) {
        return new PushNotification("acme/config", "refs/heads/main", before, after, forced, commits, head, BOT,
                "http://127.0.0.1:9999/git/acme/config.git", "main");
    }

    private static JsonNode json(PushNotification push) throws Exception {
        return new ObjectMapper().readTree(GitHubPushPayloads.toJsonBytes(push));
    }

    @Test
    void givenAFastForwardPushOfTwoCommits_whenMapped_thenPayloadHasGitHubsPushFields() throws Exception {
        PushNotification push = push(BEFORE, SECOND, false, List.of(FIRST_COMMIT, SECOND_COMMIT),
                Optional.of(SECOND_COMMIT));

        JsonNode payload = json(push);

        List<String> fields = new ArrayList<>();
        payload.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactlyInAnyOrder("ref", "before", "after", "created", "deleted", "forced",
                "base_ref", "repository", "pusher", "sender", "commits", "head_commit");
        assertThat(payload.path("ref").asText()).isEqualTo("refs/heads/main");
        assertThat(payload.path("before").asText()).isEqualTo(BEFORE);
        assertThat(payload.path("after").asText()).isEqualTo(SECOND);
        assertThat(payload.path("created").asBoolean(true)).isFalse();
        assertThat(payload.path("deleted").asBoolean(true)).isFalse();
        assertThat(payload.path("forced").asBoolean(true)).isFalse();
        assertThat(payload.path("base_ref").isNull()).isTrue();
        JsonNode repository = payload.path("repository");
        assertThat(repository.path("full_name").asText()).isEqualTo("acme/config");
        assertThat(repository.path("name").asText()).isEqualTo("config");
        assertThat(repository.path("owner").path("login").asText()).isEqualTo("acme");
        assertThat(repository.path("clone_url").asText()).isEqualTo("http://127.0.0.1:9999/git/acme/config.git");
        assertThat(repository.path("default_branch").asText()).isEqualTo("main");
        assertThat(payload.path("pusher").path("name").asText()).isEqualTo("gitops-bot");
        assertThat(payload.path("pusher").path("email").asText()).isEqualTo("bot@example.invalid");
        assertThat(payload.path("sender").path("login").asText()).isEqualTo("gitops-bot");
    }

    @Test
    void givenCommitsWithPathChanges_whenMapped_thenCommitsAndHeadCommitCarryIdMessageTimestampAuthorAndPaths()
            throws Exception {
        PushNotification push = push(BEFORE, SECOND, false, List.of(FIRST_COMMIT, SECOND_COMMIT),
                Optional.of(SECOND_COMMIT));

        JsonNode payload = json(push);

        JsonNode commits = payload.path("commits");
        assertThat(commits).hasSize(2);
        JsonNode first = commits.get(0);
        assertThat(first.path("id").asText()).isEqualTo(FIRST);
        assertThat(first.path("tree_id").asText()).isEqualTo("f".repeat(40));
        assertThat(first.path("distinct").asBoolean()).isTrue();
        assertThat(first.path("message").asText()).isEqualTo("add api\n");
        assertThat(first.path("timestamp").asText()).isEqualTo("2015-05-05T19:40:15-04:00");
        assertThat(first.path("author").path("name").asText()).isEqualTo("Dev Eloper");
        assertThat(first.path("author").path("email").asText()).isEqualTo("dev@example.invalid");
        assertThat(first.path("committer").path("name").asText()).isEqualTo("gitops-bot");
        assertThat(first.path("added").get(0).asText()).isEqualTo("apps/api/app.yaml");
        assertThat(first.path("removed").get(0).asText()).isEqualTo("old.txt");
        assertThat(first.path("modified")).isEmpty();
        JsonNode head = payload.path("head_commit");
        assertThat(head.path("id").asText()).isEqualTo(SECOND);
        assertThat(head.path("message").asText()).isEqualTo("bump web\n\nGitops-Tag: v2");
        assertThat(head.path("timestamp").asText()).isEqualTo("2026-03-01T12:00:00+00:00");
        assertThat(head.path("modified").get(0).asText()).isEqualTo("apps/web/envs/dev/values.yaml");
        assertThat(OffsetDateTime.parse(head.path("timestamp").asText())).isEqualTo(SECOND_COMMIT.timestamp());
    }

    @Test
    void givenANewBranch_whenMapped_thenCreatedIsTrue() throws Exception {
        PushNotification push = push(PushNotification.ZERO_SHA, FIRST, false, List.of(FIRST_COMMIT),
                Optional.of(FIRST_COMMIT));

        JsonNode payload = json(push);

        assertThat(payload.path("created").asBoolean()).isTrue();
        assertThat(payload.path("deleted").asBoolean()).isFalse();
    }

    @Test
    void givenADeletedBranch_whenMapped_thenDeletedIsTrueWithNoCommitsAndANullHeadCommit() throws Exception {
        PushNotification push = push(SECOND, PushNotification.ZERO_SHA, false, List.of(), Optional.empty());

        JsonNode payload = json(push);

        assertThat(payload.path("deleted").asBoolean()).isTrue();
        assertThat(payload.path("commits")).isEmpty();
        assertThat(payload.path("head_commit").isNull()).isTrue();
    }

    @Test
    void givenAForcePushToAnExistingCommit_whenMapped_thenForcedAndHeadCommitIsNotDistinct() throws Exception {
        PushNotification push = push(SECOND, FIRST, true, List.of(), Optional.of(FIRST_COMMIT));

        JsonNode payload = json(push);

        assertThat(payload.path("forced").asBoolean()).isTrue();
        assertThat(payload.path("head_commit").path("distinct").asBoolean(true)).isFalse();
        assertThat(GitHubPushPayloads.toJson(push)).contains("\"forced\":true");
    }
}
