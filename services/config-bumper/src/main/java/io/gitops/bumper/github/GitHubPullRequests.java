package io.gitops.bumper.github;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitops.kit.git.TokenSource;
import io.gitops.kit.git.github.GitHubException;
import io.gitops.kit.git.github.GitHubHttp;

/**
 * Pull requests through the GitHub REST API. Idempotent: it first lists open pull requests by head
 * ({@code GET /repos/{owner}/{repo}/pulls?head=owner:branch&state=open}) and only opens one
 * ({@code POST /repos/{owner}/{repo}/pulls}) when there is none; if GitHub answers 422 because one appeared in
 * between, it lists again.
 */
public final class GitHubPullRequests implements PullRequests {

    private final GitHubHttp http;
    private final String owner;
    private final String repo;
    private final TokenSource tokens;

    public GitHubPullRequests(HttpClient client, URI apiBase, String repository, TokenSource tokens,
                              Duration timeout) {
        String[] parts = repository.split("/");
        if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
            throw new IllegalArgumentException("GitHub repository must be owner/name, not " + repository);
        }
        this.http = new GitHubHttp(client, apiBase, timeout);
        this.owner = parts[0];
        this.repo = parts[1];
        this.tokens = tokens;
    }

    @Override
    public PullRequest ensure(String headBranch, String baseBranch, String title, String body) {
        Optional<PullRequest> open = findOpen(headBranch);
        if (open.isPresent()) {
            return open.get();
        }
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("title", title);
        request.put("head", headBranch);
        request.put("base", baseBranch);
        request.put("body", body);
        GitHubHttp.Response response = call("POST", "/repos/" + owner + "/" + repo + "/pulls", request);
        if (response.status() == 201) {
            return pullRequest(response.body(), true);
        }
        if (response.status() == 422) {
            Optional<PullRequest> raced = findOpen(headBranch);
            if (raced.isPresent()) {
                return raced.get();
            }
        }
        throw failure("open a pull request from " + headBranch, response);
    }

    private Optional<PullRequest> findOpen(String headBranch) {
        String head = URLEncoder.encode(owner + ":" + headBranch, StandardCharsets.UTF_8);
        GitHubHttp.Response response = call("GET", "/repos/" + owner + "/" + repo + "/pulls?head=" + head
                + "&state=open", null);
        if (response.status() != 200 || response.body() == null || !response.body().isArray()) {
            throw failure("list the pull requests of " + headBranch, response);
        }
        for (JsonNode pull : response.body()) {
            return Optional.of(pullRequest(pull, false));
        }
        return Optional.empty();
    }

    private GitHubHttp.Response call(String method, String path, Object body) {
        GitHubHttp.Response response = http.send(method, path, tokens.token(), body);
        if (response.status() == 401) {
            tokens.invalidate();
        }
        return response;
    }

    private static PullRequest pullRequest(JsonNode pull, boolean created) {
        return new PullRequest(pull.path("number").asInt(), pull.path("html_url").asText(), created);
    }

    private GitHubException failure(String what, GitHubHttp.Response response) {
        return new GitHubException("GitHub could not " + what + " in " + owner + "/" + repo + ": HTTP "
                + response.status() + " (" + response.message() + ")", response.status(),
                !response.transientFailure(), null);
    }
}
