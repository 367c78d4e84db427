package io.gitops.gitserver;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Maps a {@link PushNotification} to the JSON body of a GitHub {@code push} webhook, with GitHub's field names:
 * {@code ref}, {@code before}, {@code after}, {@code created}, {@code deleted}, {@code forced}, {@code base_ref},
 * {@code repository{name,full_name,private,owner{name,login},clone_url,default_branch,master_branch}},
 * {@code pusher{name,email}}, {@code sender{login}}, {@code commits[]} and {@code head_commit} (each commit:
 * {@code id, tree_id, distinct, message, timestamp, author{name,email}, committer{name,email},
 * added, removed, modified}). {@code head_commit} is {@code null} for a deletion. There is no web UI, so the
 * {@code url}/{@code html_url}/{@code compare} fields are left out.
 */
public final class GitHubPushPayloads {

    /** GitHub's timestamp format: ISO-8601 with seconds and a numeric offset, e.g. 2015-05-05T19:40:15-04:00. */
    static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx");

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private GitHubPushPayloads() {
    }

    /** The payload as a JSON tree. */
    public static ObjectNode toTree(PushNotification push) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("ref", push.ref());
        root.put("before", push.before());
        root.put("after", push.after());
        root.put("created", push.created());
        root.put("deleted", push.deleted());
        root.put("forced", push.forced());
        root.putNull("base_ref");
        repository(root.putObject("repository"), push);
        ObjectNode pusher = root.putObject("pusher");
        pusher.put("name", push.pusher().name());
        pusher.put("email", push.pusher().email());
        root.putObject("sender").put("login", push.pusher().name());
        ArrayNode commits = root.putArray("commits");
        Set<String> distinct = push.commits().stream().map(GitCommit::sha).collect(Collectors.toSet());
        push.commits().forEach(commit -> commit(commits.addObject(), commit, true));
        push.headCommit().ifPresentOrElse(
                head -> commit(root.putObject("head_commit"), head, distinct.contains(head.sha())),
                () -> root.putNull("head_commit"));
        return root;
    }

    /** The payload as the UTF-8 bytes of a webhook body (sign exactly these bytes). */
    public static byte[] toJsonBytes(PushNotification push) {
        try {
            return MAPPER.writeValueAsBytes(toTree(push));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise push payload", e);
        }
    }

    public static String toJson(PushNotification push) {
        return new String(toJsonBytes(push), StandardCharsets.UTF_8);
    }

    private static void repository(ObjectNode repository, PushNotification push) {
        repository.put("name", push.name());
        repository.put("full_name", push.repositoryFullName());
        repository.put("private", false);
        ObjectNode owner = repository.putObject("owner");
        owner.put("name", push.owner());
        owner.put("login", push.owner());
        repository.put("clone_url", push.cloneUrl());
        repository.put("default_branch", push.defaultBranch());
        repository.put("master_branch", push.defaultBranch());
    }

    private static void commit(ObjectNode node, GitCommit commit, boolean distinct) {
        node.put("id", commit.sha());
        node.put("tree_id", commit.treeSha());
        node.put("distinct", distinct);
        node.put("message", commit.message());
        node.put("timestamp", TIMESTAMP.format(commit.timestamp()));
        person(node.putObject("author"), commit.author());
        person(node.putObject("committer"), commit.committer());
        paths(node.putArray("added"), commit.added());
        paths(node.putArray("removed"), commit.removed());
        paths(node.putArray("modified"), commit.modified());
    }

    private static void person(ObjectNode node, GitIdentity identity) {
        node.put("name", identity.name());
        node.put("email", identity.email());
    }

    private static void paths(ArrayNode node, List<String> paths) {
        paths.forEach(node::add);
    }
}
