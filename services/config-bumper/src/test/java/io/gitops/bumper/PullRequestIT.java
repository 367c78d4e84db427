package io.gitops.bumper;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.gitops.bumper.Fixtures.CHECKOUT_PRODUCTION;
import static io.gitops.bumper.Fixtures.OLD_TAG;
import static io.gitops.bumper.Fixtures.T0;
import static io.gitops.bumper.Fixtures.sha;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.gitops.bumper.batch.IntentResult;
import io.gitops.bumper.github.GitHubAppTokens;
import io.gitops.bumper.github.GitHubPullRequests;
import io.gitops.kit.github.PemKeys;
import io.gitops.bumper.targets.TargetResult;
import io.gitops.events.data.ConfigChanged;
import io.gitops.gitserver.GitCommit;
import io.gitops.gitserver.GitCredentials;
import io.gitops.kit.Outcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pull-request promotion against a real Git server (authenticated with a GitHub App installation token as user
 * {@code x-access-token}) and the GitHub REST API at HTTP level (WireMock), with GitHub's request and response shapes.
 */
class PullRequestIT {

    static final String TOKEN = "ghs_16C7e42F292c6912E7710c838347Ae178B4a";
    static final String APP_ID = "123456";
    static final long INSTALLATION = 4711;
    static final String BRANCH = "gitops/bump/checkout/production";
    static final String PULLS = "/repos/acme/gitops-config/pulls";
    static final String PR_URL = "https://github.com/acme/gitops-config/pull/42";
    static final String NEW = sha("new");

    @TempDir
    Path dir;

    WireMockServer github;
    GitBench bench;
    GitHubAppTokens tokens;
    GitBench.Instance bumper;

    @BeforeEach
    void start() {
        github = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        github.start();
        github.stubFor(post(urlEqualTo("/app/installations/" + INSTALLATION + "/access_tokens"))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"token\":\"" + TOKEN + "\",\"expires_at\":\""
                                + Instant.now().plusSeconds(3600) + "\",\"permissions\":{\"contents\":\"write\","
                                + "\"pull_requests\":\"write\"},\"repository_selection\":\"selected\"}")));
        github.stubFor(get(urlPathEqualTo(PULLS)).withQueryParam("head", equalTo("acme:" + BRANCH))
                .withQueryParam("state", equalTo("open")).inScenario("pr").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson("[]")));
        github.stubFor(get(urlPathEqualTo(PULLS)).withQueryParam("head", equalTo("acme:" + BRANCH))
                .withQueryParam("state", equalTo("open")).inScenario("pr").whenScenarioStateIs("open")
                .willReturn(okJson("[{\"number\":42,\"html_url\":\"" + PR_URL + "\",\"state\":\"open\","
                        + "\"head\":{\"ref\":\"" + BRANCH + "\"},\"base\":{\"ref\":\"main\"}}]")));
        github.stubFor(post(urlEqualTo(PULLS)).inScenario("pr").whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("open")
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"number\":42,\"html_url\":\"" + PR_URL + "\",\"state\":\"open\"}")));

        bench = new GitBench(dir, Fixtures.seed(),
                new GitCredentials(io.gitops.kit.git.GitCredentials.TOKEN_USERNAME, TOKEN));
        HttpClient http = HttpClient.newHttpClient();
        URI api = URI.create(github.baseUrl());
        tokens = new GitHubAppTokens(http, api, APP_ID, INSTALLATION, PemKeys.rsaPrivateKey(TestKeys.pkcs1Pem()),
                Clock.systemUTC(), Duration.ofMinutes(5), Duration.ofSeconds(30));
        bumper = bench.bumper(BumperSettings.defaults("acme/gitops-config"),
                new GitHubPullRequests(http, api, "acme/gitops-config", tokens, Duration.ofSeconds(30)),
                io.gitops.kit.git.GitCredentials.token(tokens));
    }

    @AfterEach
    void stop() {
        bench.close();
        github.stop();
    }

    @Test
    void givenAPullRequestEnvironment_whenBumped_thenItsBranchIsPushedAndOnePullRequestIsOpened() throws Exception {
        List<IntentResult> results = bumper.process(Fixtures.bump("checkout", NEW, T0));

        assertThat(results.get(0).outcome()).isInstanceOf(Outcome.Success.class);
        TargetResult production = results.get(0).targets().get(1);
        assertThat(production).isInstanceOfSatisfying(TargetResult.PullRequestOpened.class,
                pr -> assertThat(pr.created()).isTrue());
        String branchHead = bench.server.headOf(Fixtures.OWNER, Fixtures.REPO, BRANCH);
        assertThat(bench.server.readFile(Fixtures.OWNER, Fixtures.REPO, BRANCH, CHECKOUT_PRODUCTION)).contains(
                Fixtures.values(NEW));
        assertThat(bench.file(CHECKOUT_PRODUCTION)).isEqualTo(Fixtures.values(OLD_TAG));
        ConfigChanged change = ((TargetResult.PullRequestOpened) production).event().data();
        assertThat(change.pullRequestUrl()).isEqualTo(PR_URL);
        assertThat(change.commit()).isEqualTo(branchHead);
        assertThat(change.previousCommit()).as("the config branch when the pull request was updated")
                .isEqualTo(bench.head());
        assertThat(bench.server.log(Fixtures.OWNER, Fixtures.REPO, BRANCH).get(0).parents())
                .containsExactly(bench.head());
        github.verify(1, postRequestedFor(urlEqualTo(PULLS))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withHeader("X-GitHub-Api-Version", equalTo("2022-11-28"))
                .withRequestBody(equalToJson("{\"title\":\"Bump checkout/production to " + NEW.substring(0, 12)
                        + "\",\"head\":\"" + BRANCH + "\",\"base\":\"main\"}", true, true)));
        String jwt = github.findAll(postRequestedFor(urlEqualTo("/app/installations/" + INSTALLATION
                + "/access_tokens"))).get(0).getHeader("Authorization").substring("Bearer ".length());
        JsonNode[] headerAndClaims = TestKeys.verify(jwt, TestKeys.KEYS.getPublic());
        assertThat(headerAndClaims[0].get("alg").asText()).isEqualTo("RS256");
        assertThat(headerAndClaims[1].get("iss").asText()).isEqualTo(APP_ID);
        assertThat(headerAndClaims[1].get("exp").asLong() - headerAndClaims[1].get("iat").asLong())
                .isLessThanOrEqualTo(660);
        assertThat(tokens.exchanges()).isEqualTo(1);
    }

    @Test
    void givenAnOpenPullRequest_whenANewerBuildArrives_thenItsBranchMovesForwardAndNoSecondPullRequestIsOpened() {
        bumper.process(Fixtures.bump("checkout", NEW, T0));
        String firstHead = bench.server.headOf(Fixtures.OWNER, Fixtures.REPO, BRANCH);
        String newer = sha("newer");

        List<IntentResult> results = bumper.process(Fixtures.bump("checkout", newer, T0.plusSeconds(60)));

        assertThat(results.get(0).targets().get(1)).isInstanceOfSatisfying(TargetResult.PullRequestOpened.class,
                pr -> assertThat(pr.created()).isFalse());
        List<GitCommit> branch = bench.server.log(Fixtures.OWNER, Fixtures.REPO, BRANCH);
        assertThat(branch.get(0).parents()).containsExactly(firstHead);
        assertThat(bench.server.readFile(Fixtures.OWNER, Fixtures.REPO, BRANCH, CHECKOUT_PRODUCTION).orElseThrow())
                .contains("tag: \"" + newer + "\"");
        github.verify(1, postRequestedFor(urlEqualTo(PULLS)));
    }

    @Test
    void givenTheSameBumpAgain_whenProcessed_thenTheBranchStaysAndTheSamePullRequestIsReported() {
        bumper.process(Fixtures.bump("checkout", NEW, T0));
        String head = bench.server.headOf(Fixtures.OWNER, Fixtures.REPO, BRANCH);

        List<IntentResult> results = bumper.process(Fixtures.bump("checkout", NEW, T0));

        assertThat(bench.server.headOf(Fixtures.OWNER, Fixtures.REPO, BRANCH)).isEqualTo(head);
        assertThat(results.get(0).targets().get(1)).isInstanceOfSatisfying(TargetResult.PullRequestOpened.class,
                pr -> assertThat(pr.event().data().pullRequestUrl()).isEqualTo(PR_URL));
        github.verify(1, postRequestedFor(urlEqualTo(PULLS)));
    }

    @Test
    void givenGitHubFailsWithA500_whenBumped_thenThePullRequestEnvironmentFailsTransiently() {
        github.stubFor(post(urlEqualTo(PULLS)).atPriority(1).willReturn(aResponse().withStatus(502)
                .withBody("{\"message\":\"Server Error\"}")));

        List<IntentResult> results = bumper.process(Fixtures.bump("checkout", NEW, T0));

        assertThat(results.get(0).outcome()).isInstanceOfSatisfying(Outcome.TransientFailure.class,
                failure -> assertThat(failure.reason()).contains("checkout/production", "502")
                        .doesNotContain(TOKEN));
    }

    @Test
    void givenGitHubRefusesThePullRequest_whenBumped_thenThatEnvironmentFailsPermanently() {
        github.stubFor(post(urlEqualTo(PULLS)).atPriority(1).willReturn(aResponse().withStatus(422)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"message\":\"Validation Failed\",\"errors\":[{\"resource\":\"PullRequest\","
                        + "\"code\":\"custom\",\"message\":\"No commits between main and " + BRANCH + "\"}]}")));

        List<IntentResult> results = bumper.process(Fixtures.bump("checkout", NEW, T0));

        assertThat(results.get(0).outcome()).isInstanceOfSatisfying(Outcome.PermanentFailure.class,
                failure -> assertThat(failure.reason()).contains("422", "Validation Failed"));
    }
}
