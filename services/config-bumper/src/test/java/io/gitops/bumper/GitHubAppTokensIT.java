package io.gitops.bumper;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.gitops.bumper.github.GitHubAppTokens;
import io.gitops.bumper.github.GitHubException;
import io.gitops.kit.github.PemKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GitHubAppTokensIT {

    static final String PATH = "/app/installations/99/access_tokens";

    WireMockServer github;
    AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-27T10:00:00Z"));
    GitHubAppTokens tokens;

    @BeforeEach
    void start() {
        github = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        github.start();
        github.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"token\":\"ghs_first\",\"expires_at\":\"2026-11-27T11:00:00Z\"}")));
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        tokens = new GitHubAppTokens(HttpClient.newHttpClient(), URI.create(github.baseUrl()), "777", 99,
                PemKeys.rsaPrivateKey(TestKeys.pkcs8Pem()), clock, Duration.ofMinutes(5), Duration.ofSeconds(30));
    }

    @AfterEach
    void stop() {
        github.stop();
    }

    @Test
    void givenACachedToken_whenAskedAgainBeforeItNearsExpiry_thenNoNewTokenIsFetched() {
        tokens.token();
        now.set(Instant.parse("2026-11-27T10:54:00Z"));

        String token = tokens.token();

        assertThat(token).isEqualTo("ghs_first");
        github.verify(1, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void givenACachedTokenWithinTheRefreshMargin_whenAskedAgain_thenANewOneIsFetched() {
        tokens.token();
        now.set(Instant.parse("2026-11-27T10:56:00Z"));

        tokens.token();

        github.verify(2, postRequestedFor(urlEqualTo(PATH)));
        assertThat(tokens.exchanges()).isEqualTo(2);
    }

    @Test
    void givenAnInvalidatedToken_whenAskedAgain_thenANewOneIsFetched() {
        tokens.token();
        tokens.invalidate();

        tokens.token();

        github.verify(2, postRequestedFor(urlEqualTo(PATH)));
    }

    @Test
    void givenGitHubRejectsTheJwt_whenATokenIsNeeded_thenItFailsPermanentlyWithoutTheJwtInTheMessage() {
        github.stubFor(post(urlEqualTo(PATH)).atPriority(1).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"message\":\"Integration not found\"}")));

        Throwable thrown = catchThrowable(tokens::token);

        assertThat(thrown).isInstanceOfSatisfying(GitHubException.class, e -> {
            assertThat(e.permanent()).isTrue();
            assertThat(e.status()).isEqualTo(404);
            assertThat(e.getMessage()).contains("Integration not found").doesNotContain("eyJ");
        });
    }

    @Test
    void givenGitHubIsDown_whenATokenIsNeeded_thenItFailsTransiently() {
        github.stop();

        Throwable thrown = catchThrowable(tokens::token);

        assertThat(thrown).isInstanceOfSatisfying(GitHubException.class, e -> assertThat(e.permanent()).isFalse());
    }

    // The kit's rule (Transience.isTransientResponse): only a rate-limited 403 is worth a retry; other 403s and 401s
    // are permanent (before, every 401 and 403 was retried).
    @ParameterizedTest(name = "HTTP {0}, rate limit header {1}: permanent {2}")
    @CsvSource({"403, true, false", "403, false, true", "401, false, true"})
    void givenGitHubRefusesTheExchange_whenATokenIsNeeded_thenTheStatusAndHeadersDecideWhetherItIsPermanent(
            int status, boolean rateLimited, boolean permanent) {
        github.stubFor(post(urlEqualTo(PATH)).atPriority(1).willReturn(aResponse().withStatus(status)
                .withHeader("x-ratelimit-remaining", rateLimited ? "0" : "4999")
                .withHeader("Content-Type", "application/json").withBody("{\"message\":\"refused\"}")));

        Throwable thrown = catchThrowable(tokens::token);

        assertThat(thrown).isInstanceOfSatisfying(GitHubException.class, e -> {
            assertThat(e.permanent()).isEqualTo(permanent);
            assertThat(e.status()).isEqualTo(status);
        });
    }
}
